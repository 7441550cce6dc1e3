import { expect, test as base, type Page } from '@playwright/test';

/**
 * Every spec runs under the app's Content-Security-Policy (vite preview sends it, vite.config.ts). This `test`
 * fails a spec on any CSP violation in any page of its context or in their workers: browser reports ("Refused to
 * …", "… violates the following Content Security Policy directive") and `securitypolicyviolation` events.
 */
export const test = base.extend<{ cspViolations: string[]; backendProbe: boolean; probeSwitch: void }>({
  /**
   * Whether auto measures the backends on page load (src/state/backendProbe.ts). Off by default: each test starts a
   * fresh profile, where the measurement would run ~25 s in the background of every spec; the specs that test it
   * say `test.use({ backendProbe: true })`.
   */
  backendProbe: [false, { option: true }],
  probeSwitch: [
    async ({ context, backendProbe }, use) => {
      if (!backendProbe) {
        await context.addInitScript(() => window.localStorage.setItem('srlhfv:e2e-skip-backend-probe', '1'));
      }
      await use();
    },
    { auto: true },
  ],
  cspViolations: [
    async ({ context, page }, use) => {
      const violations: string[] = [];
      const check = (text: string) => {
        if (/Content Security Policy|Refused to (load|execute|evaluate|compile|create|connect|apply|frame)/i.test(text))
          violations.push(text);
      };
      const watch = (watched: Page) => {
        watched.on('console', (message) => check(message.text()));
        watched.on('worker', (worker) => {
          worker.on('console', (message) => check(message.text()));
          // Workers report violations only to their own global: forward them (from the moment this runs).
          void worker
            .evaluate(() =>
              self.addEventListener('securitypolicyviolation', (event) =>
                console.error(`Content Security Policy violation in a worker: ${event.violatedDirective}`),
              ),
            )
            .catch(() => undefined);
        });
      };
      await context.exposeFunction('__reportCspViolation', (text: string) => violations.push(text));
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          const report = (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation;
          void report(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || '(inline)'}`);
        });
      });
      watch(page);
      context.on('page', watch);
      await use(violations);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
export type { Page };
