import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { SessionProvider } from './auth/session';
import { AREAS } from './shell/areas';
import { AreaLayout } from './shell/AreaLayout';
import { HomeRedirect } from './shell/HomeRedirect';
import { RequireArea } from './shell/RequireArea';
import { Shell } from './shell/Shell';

const LoginPage = lazy(() => import('./pages/login/LoginPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));

/** Routes: /login, then the shell with one branch per area of shell/areas.ts. */
export function App() {
  const { t } = useTranslation();
  return (
    <SessionProvider>
      <BrowserRouter>
        <Suspense fallback={<p>{t('app.loading')}</p>}>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route element={<Shell />}>
              <Route index element={<HomeRedirect />} />
              {AREAS.map((area) => (
                <Route
                  key={area.id}
                  path={area.path}
                  element={
                    <RequireArea area={area}>
                      <AreaLayout area={area} />
                    </RequireArea>
                  }
                >
                  {area.sections[0]?.path !== '' && (
                    <Route index element={<Navigate to={area.sections[0]!.path} replace />} />
                  )}
                  {area.sections.map(({ path, page: Page }) =>
                    path === '' ? (
                      <Route key="index" index element={<Page />} />
                    ) : (
                      <Route key={path} path={path} element={<Page />} />
                    ),
                  )}
                </Route>
              ))}
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </Suspense>
      </BrowserRouter>
    </SessionProvider>
  );
}
