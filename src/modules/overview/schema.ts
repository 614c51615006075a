// The customer's overview ("guide"): the query it takes. Shared with the web app (zod only).
import { z } from 'zod'

export const OverviewQuery = z.object({
  /** The document's language; default: the caller's own. */
  lang: z.enum(['nl', 'en']).optional(),
})
export type OverviewQuery = z.infer<typeof OverviewQuery>
