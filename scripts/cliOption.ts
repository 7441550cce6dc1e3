/** `--name value` from the command line, or `fallback` when absent (the scripts' simple option reader). */
export function cliOption(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}
