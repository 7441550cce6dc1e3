export function assembleLoops(): Promise<string>;
export const BINARY_MODULE: URL;
