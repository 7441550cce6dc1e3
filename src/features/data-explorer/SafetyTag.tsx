/** "safe" / "unsafe" tag for a response label; nothing for a missing response. */
export function SafetyTag({ safe, prefix }: { safe: boolean | null; prefix?: string }) {
  if (safe === null) return null;
  return (
    <span className={safe ? 'tag safe' : 'tag unsafe'}>
      {prefix ? `${prefix} ` : ''}
      {safe ? 'safe' : 'unsafe'}
    </span>
  );
}
