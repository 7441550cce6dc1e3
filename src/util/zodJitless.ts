/**
 * zod compiles object parsers with `new Function` unless told not to; the Content-Security-Policy (vite.config.ts,
 * docs/HOSTING.md) forbids that, and even zod's probe for it would be reported as a violation. zod reads the flag
 * when a schema is built, so this module must be the first import of every entry point (main.tsx, the worker).
 */
import * as z from 'zod';

z.config({ jitless: true });
