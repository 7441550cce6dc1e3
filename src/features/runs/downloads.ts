/** Saves a blob as a file through a temporary object URL (works offline; nothing leaves the browser). */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** Saves text as a file. */
export function downloadText(filename: string, text: string, type: string): void {
  downloadBlob(filename, new Blob([text], { type }));
}

/** Minus signs and dashes that must stay a minus in a file name (U+2212 minus, figure/en/em dashes, full-width). */
const MINUS_LIKE = /[\u2012-\u2015\u2212\uFE63\uFF0D]/g;

/**
 * A file name from a run name: letters, digits, dot, dash and underscore only. Run names write negative numbers
 * with a true minus (−0.5); it becomes '-' so "thr −0.5" gives `thr_-0.5`, not `thr_0.5`.
 */
export function fileSafe(name: string): string {
  const safe = name
    .replace(MINUS_LIKE, '-')
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return (safe || 'run').slice(0, 80);
}
