import type { ReactNode } from 'react'
import classes from './ReadOnlyFieldset.module.css'

/**
 * Disables every field inside for people who may only read, and shows the disabled fields as plain text rather
 * than as greyed-out inputs that are hard to read.
 */
export function ReadOnlyFieldset({ readOnly, children }: { readOnly: boolean; children: ReactNode }) {
  return (
    <fieldset
      disabled={readOnly}
      className={readOnly ? classes.readOnly : undefined}
      style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}
    >
      {children}
    </fieldset>
  )
}
