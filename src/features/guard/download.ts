import { downloadBlob } from '../runs/downloads';

/** Saves text as a file (CSV by default) through the app's one blob download. */
export function downloadText(filename: string, text: string, mime = 'text/csv;charset=utf-8'): void {
  downloadBlob(filename, new Blob([text], { type: mime }));
}
