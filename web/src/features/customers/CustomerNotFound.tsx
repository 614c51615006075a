import { Button, Stack, Text, Title } from '@mantine/core'
import { IconArrowLeft } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { Me } from '../../../../src/modules/users/schema.ts'
import { homePathFor } from '../../app/navigation.ts'

/**
 * A customer that does not exist, or (for a portal contact) is not its own: the server answers both with 404.
 * The id that was asked for is not repeated, so a contact learns nothing about other customers.
 */
export function CustomerNotFound({ me }: { me: Me }) {
  const { t } = useTranslation()
  const staff = me.kind === 'staff'
  return (
    <Stack align="flex-start" maw={640}>
      <Title order={2}>{t('customers.notFoundTitle')}</Title>
      <Text>{staff ? t('customers.notFoundStaff') : t('customers.notFoundContact')}</Text>
      <Button
        component={Link}
        to={staff ? '/customers' : homePathFor(me)}
        variant="default"
        leftSection={<IconArrowLeft size={16} />}
      >
        {staff ? t('customers.backToList') : t('customers.backToOrganisation')}
      </Button>
    </Stack>
  )
}
