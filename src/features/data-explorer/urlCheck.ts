/**
 * Problems with the typed URL itself, before any network request; null when it looks loadable. (Hub …/blob/… page
 * links are fine: the worker turns them into …/resolve/… file links.)
 */
export function urlProblem(text: string): string | null {
  const value = text.trim();
  if (value === '') return 'Enter a URL.';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `“${value}” is not a URL.`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `Only http(s) URLs can be loaded, not ${url.protocol}`;
  return null;
}
