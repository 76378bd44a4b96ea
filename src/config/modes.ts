// The autonomy modes, lowest to highest. Kept free of zod so hot paths that only need
// the list (policy decisions in the pre-commit gate) do not load the schema library.
export const MODES = ['advisor', 'operator', 'autopilot', 'sovereign'] as const;
