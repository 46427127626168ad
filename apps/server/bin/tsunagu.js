#!/usr/bin/env node
// The `tsunagu` command: loads the TypeScript sources through tsx (a dev dependency, present
// after `npm ci`), so a fresh clone runs without a build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
