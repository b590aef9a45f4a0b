import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
  { ignores: ['dist/', 'node_modules/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig },
    },
  },
  {
    files: ['tests/**/*.mjs', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // `@tauri-apps/api` and the generated bindings are reached only through
    // src/lib/ipc.ts, so the IPC can be mocked in one place and every command
    // fails one way.
    files: ['src/**/*'],
    ignores: ['src/lib/ipc.ts', 'src/lib/bindings.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@tauri-apps/api', '@tauri-apps/api/*', '**/bindings', './bindings'], message: 'Import from src/lib/ipc.ts instead.' },
          ],
        },
      ],
    },
  },
);
