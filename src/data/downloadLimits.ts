// The download limits' numbers, free of imports so the main thread can show them without loading the data code
// (guardedFetch.ts enforces them; docs/limits.md).

/** Default download limit: the biggest Hub file opened whole (a few hundred MB); bigger ones use range requests. */
export const DEFAULT_DOWNLOAD_LIMIT_MB = 512;
/** The highest limit the setting accepts (a download is held twice in memory while it is assembled). */
export const MAX_DOWNLOAD_LIMIT_MB = 8192;
/** Longest wait for response headers or the next chunk of a body. */
export const DOWNLOAD_STALL_MS = 30_000;
