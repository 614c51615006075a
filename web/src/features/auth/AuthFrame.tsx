import { Center, Group, Image, Paper, Stack, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { applyLocale, type AppLocale } from '../../app/i18n.ts'
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx'

interface AuthFrameProps {
  brandName: string | undefined
  logo: string | null | undefined
  title: string
  children: ReactNode
}

/** The centred card of the pages one sees before being signed in, with the MSP's name and a language switch. */
export function AuthFrame({ brandName, logo, title, children }: AuthFrameProps) {
  const { i18n } = useTranslation()
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={440}>
        <Stack>
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <Stack gap="xs">
              {logo && <Image src={logo} alt="" h={48} w="auto" fit="contain" />}
              <Title order={1} size="h3">
                {brandName ?? 'sladesk'}
              </Title>
            </Stack>
            <LanguageSwitch
              compact
              value={i18n.language === 'en' ? 'en' : 'nl'}
              onChange={(l: AppLocale) => applyLocale(l)}
            />
          </Group>
          <Title order={2} size="h4">
            {title}
          </Title>
          {children}
        </Stack>
      </Paper>
    </Center>
  )
}
