import { Navigate } from 'react-router'
import { useMe } from '../features/auth/api.ts'
import { homePathFor } from './navigation.ts'

export function HomeRedirect() {
  const me = useMe()
  return me.data ? <Navigate to={homePathFor(me.data)} replace /> : null
}
