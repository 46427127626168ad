import { Navigate } from 'react-router';
import { usePrincipal } from '../auth/session';
import { homePathFor } from './areas';

export function HomeRedirect() {
  return <Navigate to={homePathFor(usePrincipal())} replace />;
}
