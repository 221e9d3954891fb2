/**
 * A score as the student reads it everywhere (labs, results, feedback, a class's grades): credit factors
 * make 3.825, shown as 3.83; 1.5 stays 1.5 and 2 stays 2. (The labs list said 0.0 where results said 0.00.)
 */
export function formatPoints(n: number): string {
  return String(Number(n.toFixed(2)));
}
