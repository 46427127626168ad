import type { Messages } from './ja';
import { adminEn } from './areas/admin.en';
import { agentEn } from './areas/agent.en';
import { supervisorEn } from './areas/supervisor.en';

/** English strings; the type makes every key of ja.ts required here too. */
export const en: Messages = {
  app: {
    name: 'Tsunagu',
    fullName: 'Tsunagu contact center',
    skipToContent: 'Skip to main content',
    loading: 'Loading…',
  },
  language: {
    label: 'Language',
    ja: '日本語',
    en: 'English',
  },
  roles: {
    admin: 'System admin',
    supervisor: 'Supervisor',
    agent: 'Agent',
  },
  login: {
    title: 'Sign in',
    intro: 'Enter your login ID and password.',
    login: 'Login ID',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
  },
  header: {
    user: 'Signed in as {{login}}',
    role: 'Role: {{role}}',
    logout: 'Sign out',
    account: 'Account',
  },
  live: {
    label: 'Live updates',
    connecting: 'Connecting',
    open: 'Live',
    reconnecting: 'Reconnecting',
    closed: 'Disconnected',
  },
  nav: {
    areas: 'Main menu',
    sections: '{{area}} menu',
  },
  areas: {
    agent: 'Agent desktop',
    supervisor: 'Supervisor',
    admin: 'Admin',
  },
  placeholder: {
    comingSoon: 'This screen is being built.',
  },
  pages: {
    agent: agentEn,
    supervisor: supervisorEn,
    admin: adminEn,
  },
  errors: {
    network: 'Cannot reach the server. Check the network.',
    unexpected: 'Something unexpected went wrong.',
    forbiddenArea: 'You are not allowed to see this screen.',
    notFound: 'Page not found.',
    backHome: 'Back to the start',
  },
};
