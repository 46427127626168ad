// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import { builtinModules } from 'node:module';

/** Node built-ins with and without the `node:` prefix. */
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/**
 * The rings of DESIGN.md. Imports only point inward: domain uses nothing, telephony and db use
 * domain, api uses domain and db, server and web use anything.
 */
const ringRules = {
  'packages/telephony/**': ['@tsunagu/server', '@tsunagu/api', '@tsunagu/db', '@tsunagu/web'],
  'packages/db/**': ['@tsunagu/server', '@tsunagu/api', '@tsunagu/telephony', '@tsunagu/web'],
  'packages/api/**': ['@tsunagu/server', '@tsunagu/telephony', '@tsunagu/web'],
};

const clockAndTimers = [
  {
    name: 'setTimeout',
    message: 'The domain engine reads no clock: ask for a timer with a command.',
  },
  {
    name: 'setInterval',
    message: 'The domain engine reads no clock: ask for a timer with a command.',
  },
  { name: 'setImmediate', message: 'The domain engine does no I/O and schedules nothing.' },
  { name: 'queueMicrotask', message: 'The domain engine schedules nothing.' },
  { name: 'performance', message: 'The domain engine reads no clock: time comes in as `now`.' },
  { name: 'process', message: 'The domain engine does no I/O.' },
  { name: 'fetch', message: 'The domain engine does no I/O.' },
  {
    name: 'crypto',
    message: 'The domain engine is deterministic: ids come from its own sequence.',
  },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // The web app runs in the browser; its hooks follow React's rules (apps/web).
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Tests read JSON bodies of any shape.
  {
    files: ['**/test/**/*.ts', 'tools/**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // The domain ring: pure, sans-I/O, no clock.
  {
    files: ['packages/domain/src/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'packages/domain does no I/O: no Node built-ins.',
          })),
          patterns: [
            { group: ['node:*'], message: 'packages/domain does no I/O: no Node built-ins.' },
            {
              group: ['@tsunagu/*'],
              message: 'packages/domain is the innermost ring: it imports no workspace package.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...clockAndTimers],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'The domain engine reads no clock: time comes in as `now`.',
        },
        {
          object: 'Math',
          property: 'random',
          message: 'The domain engine is deterministic: pass randomness in.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'The domain engine reads no clock: `new Date()` reads it. Pass `now` in.',
        },
        {
          selector: "CallExpression[callee.name='Date']",
          message: 'The domain engine reads no clock: `Date()` reads it.',
        },
      ],
    },
  },
  ...Object.entries(ringRules).map(([glob, forbidden]) => ({
    files: [glob],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: forbidden.map((name) => ({
            group: [name, `${name}/*`],
            message: `Imports point inward only (DESIGN.md): this ring may not use ${name}.`,
          })),
        },
      ],
    },
  })),
);
