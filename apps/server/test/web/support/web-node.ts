import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEMO_CENTER_ID, agentId } from '../../../src/runtime/demo-config.js';
import {
  ADMIN_LOGIN,
  ADMIN_PASSWORD,
  startTestNode,
  type TestNode,
} from '../../support/test-node.js';

const REPO = fileURLToPath(new URL('../../../../../', import.meta.url));

/**
 * Builds the web app when it is missing or stale (scripts/build-web.sh: once per change, with a
 * lock, so parallel test files wait for one build rather than each running Vite).
 */
export function ensureWebAppBuilt(): void {
  execFileSync('bash', ['scripts/build-web.sh'], {
    cwd: REPO,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export interface WebUser {
  readonly login: string;
  readonly password: string;
  readonly role: 'admin' | 'supervisor' | 'agent';
}

export interface WebTestNode extends TestNode {
  readonly users: {
    readonly admin: WebUser;
    readonly supervisor: WebUser;
    readonly agent: WebUser;
  };
}

/**
 * A test node serving the built web app, with one user of each role on the demo center: the
 * admin, a supervisor of Tokyo, and an agent linked to the demo's first agent.
 */
export async function startWebTestNode(): Promise<WebTestNode> {
  ensureWebAppBuilt();
  const t = await startTestNode('pglite');
  const admin = await t.login();
  const password = 'web test passphrase 2026';
  const make = async (login: string, role: 'supervisor' | 'agent', extra: object) => {
    const res = await t.request('POST', '/api/v1/users', {
      cookie: admin,
      body: { login, name: login, password, role, centers: [DEMO_CENTER_ID], ...extra },
    });
    if (res.status !== 201 && res.status !== 200)
      throw new Error(`user ${login}: ${res.status} ${JSON.stringify(res.body)}`);
    return { login, password, role };
  };
  const supervisor = await make('web.supervisor', 'supervisor', {});
  const agent = await make('web.agent', 'agent', { agentId: agentId(0) });
  return {
    ...t,
    users: {
      admin: { login: ADMIN_LOGIN, password: ADMIN_PASSWORD, role: 'admin' },
      supervisor,
      agent,
    },
  };
}
