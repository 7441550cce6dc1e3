/** The message of a caught value, for the error texts the UI and the worker show. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
