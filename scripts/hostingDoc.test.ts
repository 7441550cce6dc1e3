import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../vite.config';

// docs/HOSTING.md gives hosts the same headers `vite preview` sends: the two must not drift apart.
describe('docs/HOSTING.md', () => {
  const doc = readFileSync('docs/HOSTING.md', 'utf8');

  it('gives the preview server policy, verbatim, for nginx and _headers hosts', () => {
    expect(doc).toContain(`add_header Content-Security-Policy "${CONTENT_SECURITY_POLICY}" always;`);
    expect(doc).toContain(`  Content-Security-Policy: ${CONTENT_SECURITY_POLICY}\n`);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (name === 'Content-Security-Policy') continue;
      expect(doc).toContain(`add_header ${name} "${value}" always;`);
      expect(doc).toContain(`  ${name}: ${value}\n`);
    }
  });

  it('keeps the app unframeable and eval-free (wasm compilation only)', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'/);
    expect(SECURITY_HEADERS['X-Content-Type-Options']).toBe('nosniff');
  });
});
