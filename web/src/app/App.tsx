import '@mantine/core/styles.css'
import { MantineProvider } from '@mantine/core'
import { QueryClientProvider } from '@tanstack/react-query'
import { RouterProvider } from 'react-router'
import { meKey } from '../features/auth/api.ts'
import { setUnauthorizedHandler } from './apiClient.ts'
import { queryClient } from './queryClient.ts'
import { router } from './router.tsx'
import { theme } from './theme.ts'

// An unexpected 401 means the session ended (expired, revoked elsewhere): forgetting "me" sends the
// signed-in routes to the sign-in page.
setUnauthorizedHandler(() => queryClient.setQueryData(meKey, null))

export function App() {
  return (
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  )
}
