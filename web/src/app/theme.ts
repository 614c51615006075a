import { createTheme } from '@mantine/core'

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '600' },
  components: {
    // Statuses such as "Sleutelcontactpersoon" are long Dutch words: capitals would make them longer still,
    // and a narrow table column must not cut them off.
    Badge: { defaultProps: { tt: 'none' }, styles: { root: { minWidth: 'max-content' } } },
    // A form closes at once on save: while it faded out, its labels ("Sleutelcontactpersoon") stood on the page
    // beside the saved result, so the same text was there twice.
    Modal: { defaultProps: { transitionProps: { transition: 'fade-down', duration: 200, exitDuration: 0 } } },
  },
})
