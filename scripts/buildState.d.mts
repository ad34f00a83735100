/** Files `npm run build` writes that `npm start` needs. */
export function buildOutputs(root: string): string[];
/** @returns true when an output is missing or older than a source, a config or the lockfile. */
export function buildIsStale(root: string): boolean;
