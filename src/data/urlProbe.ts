// Data URL helpers: the file URL a link names, and sizes as people read them. Nothing here touches the network
// (a link's data host hears nothing before the person agrees; see loadPendingConfigUrls).

/** The file URL for a data URL: Hugging Face "blob" page links are turned into "resolve" file links. */
export function dataFileUrl(rawUrl: string): URL {
  const url = new URL(rawUrl.trim());
  if (url.hostname === 'huggingface.co') url.pathname = url.pathname.replace(/\/blob\//, '/resolve/');
  return url;
}

/** "45.2 MB", "812 KB", "unknown size". */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'unknown size';
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} KB`;
  return `${bytes} bytes`;
}
