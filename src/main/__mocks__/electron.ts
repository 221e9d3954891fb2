// A minimal stand-in for the parts of `electron` that src/main uses; the main-process tests extend it.
export const app = {};
export default { app };
