import { Divider, Stack } from '@mantine/core'
import { ContractSection } from './ContractSection.tsx'
import { CostSection } from './CostSection.tsx'

interface CustomerContractTabProps {
  customerId: string
  staff: boolean
  /** Admins and billing staff: contracts are money. */
  canEdit: boolean
}

/** The customer page's "Contract en kosten": what the SLA promises and what it costs per month. */
export function CustomerContractTab({ customerId, staff, canEdit }: CustomerContractTabProps) {
  return (
    <Stack>
      <ContractSection customerId={customerId} canEdit={canEdit} staff={staff} />
      <Divider my="sm" />
      <CostSection customerId={customerId} />
    </Stack>
  )
}
