import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { ParseKeys } from 'i18next';
import type { Principal } from '../api/auth';

export type AreaId = 'agent' | 'supervisor' | 'admin';

export interface Section {
  /** Path under the area; '' is the area's own page. */
  readonly path: string;
  readonly title: ParseKeys;
  readonly page: LazyExoticComponent<ComponentType>;
}

export interface Area {
  readonly id: AreaId;
  readonly path: string;
  readonly title: ParseKeys;
  /** Which principals see the area; the API's guards decide what they may do in it. */
  readonly allows: (principal: Principal) => boolean;
  readonly sections: readonly Section[];
}

/**
 * The areas of the app and their screens, in menu order: the router and the navigation both
 * read this list. A new screen is one file under pages/<area>/ and one line here. Pages load
 * on first visit (one chunk each), so the agent desktop never downloads the admin screens.
 */
export const AREAS: readonly Area[] = [
  {
    id: 'agent',
    path: '/agent',
    title: 'areas.agent',
    allows: (p) => p.role === 'agent' || p.agentId !== null,
    sections: [
      {
        path: '',
        title: 'pages.agent.desktop',
        page: lazy(() => import('../pages/agent/AgentDesktopPage')),
      },
    ],
  },
  {
    id: 'supervisor',
    path: '/supervisor',
    title: 'areas.supervisor',
    allows: (p) => p.role === 'admin' || p.role === 'supervisor',
    sections: [
      {
        path: 'hold-queue',
        title: 'pages.supervisor.holdQueue',
        page: lazy(() => import('../pages/supervisor/HoldQueuePage')),
      },
      {
        path: 'live-calls',
        title: 'pages.supervisor.liveCalls',
        page: lazy(() => import('../pages/supervisor/LiveCallsPage')),
      },
      {
        path: 'agents',
        title: 'pages.supervisor.agents',
        page: lazy(() => import('../pages/supervisor/AgentsPage')),
      },
      {
        path: 'calls',
        title: 'pages.supervisor.calls',
        page: lazy(() => import('../pages/supervisor/CallsPage')),
      },
      {
        path: 'voicemail',
        title: 'pages.supervisor.voicemail',
        page: lazy(() => import('../pages/supervisor/VoicemailPage')),
      },
      {
        path: 'reports',
        title: 'pages.supervisor.reports',
        page: lazy(() => import('../pages/supervisor/ReportsPage')),
      },
      {
        path: 'test-caller',
        title: 'pages.supervisor.testCaller',
        page: lazy(() => import('../pages/supervisor/TestCallerPage')),
      },
    ],
  },
  {
    id: 'admin',
    path: '/admin',
    title: 'areas.admin',
    allows: (p) => p.role === 'admin',
    sections: [
      {
        path: 'centers',
        title: 'pages.admin.centers',
        page: lazy(() => import('../pages/admin/CentersPage')),
      },
      {
        path: 'queues',
        title: 'pages.admin.queues',
        page: lazy(() => import('../pages/admin/QueuesPage')),
      },
      {
        path: 'users',
        title: 'pages.admin.users',
        page: lazy(() => import('../pages/admin/UsersPage')),
      },
      {
        path: 'routing',
        title: 'pages.admin.routing',
        page: lazy(() => import('../pages/admin/RoutingPage')),
      },
      {
        path: 'caller-ids',
        title: 'pages.admin.callerIds',
        page: lazy(() => import('../pages/admin/CallerIdsPage')),
      },
      {
        path: 'dispositions',
        title: 'pages.admin.dispositions',
        page: lazy(() => import('../pages/admin/DispositionsPage')),
      },
      {
        path: 'prompts',
        title: 'pages.admin.prompts',
        page: lazy(() => import('../pages/admin/PromptsPage')),
      },
    ],
  },
];

export function areasFor(principal: Principal): readonly Area[] {
  return AREAS.filter((area) => area.allows(principal));
}

/** Where a principal lands after signing in: their first area. */
export function homePathFor(principal: Principal): string {
  return areasFor(principal)[0]?.path ?? '/';
}
