import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Folders that run only inside the trainer worker, Node tests or the headless runner: TensorFlow.js is allowed there.
const TFJS_ALLOWED = ['src/worker/**', 'src/experiment/**', 'src/compute/**', 'src/rl/**', 'src/models/**', 'src/train/**', 'scripts/**', 'src/**/*.test.ts'];

export default tseslint.config(
  { ignores: ['dist', 'dist-*', 'node_modules', 'public', 'reports', 'test-results', 'playwright-report', 'results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name=/^(dataSync|arraySync|bufferSync)$/]",
          message: 'Synchronous GPU readback blocks; use await tensor.data() / array() (docs/browser.md §8).',
        },
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render dataset text as text.' },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: TFJS_ALLOWED,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@tensorflow/*'], message: 'TensorFlow.js runs only in the trainer worker.' }] },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'scripts/**', 'e2e/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
