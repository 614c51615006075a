import { AppShell, Badge, Burger, Button, Group, Image, NavLink, Text, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import {
  IconAddressBook,
  IconBook,
  IconBuilding,
  IconClockHour4,
  IconHeartRateMonitor,
  IconHistory,
  IconInbox,
  IconLifebuoy,
  IconLogout,
  IconMail,
  IconMessageQuestion,
  IconPackages,
  IconPhoneCall,
  IconReportAnalytics,
  IconSettings,
  IconUserCircle,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useNavigate } from 'react-router'
import type { Me } from '../../../src/modules/users/schema.ts'
import { useBranding, useLogout } from '../features/auth/api.ts'
import { useOpenMailCount } from '../features/mail/api.ts'
import { isNavActive, navItemsFor, type NavKey } from './navigation.ts'

const icons: Record<NavKey, ReactNode> = {
  tickets: <IconLifebuoy size={18} />,
  mail: <IconInbox size={18} />,
  monitoring: <IconHeartRateMonitor size={18} />,
  customers: <IconAddressBook size={18} />,
  leads: <IconMessageQuestion size={18} />,
  documents: <IconBook size={18} />,
  slaReport: <IconReportAnalytics size={18} />,
  oncall: <IconPhoneCall size={18} />,
  teams: <IconUsersGroup size={18} />,
  myOrganisation: <IconBuilding size={18} />,
  users: <IconUsers size={18} />,
  audit: <IconHistory size={18} />,
  outbox: <IconMail size={18} />,
  settings: <IconSettings size={18} />,
  sla: <IconClockHour4 size={18} />,
  plans: <IconPackages size={18} />,
  profile: <IconUserCircle size={18} />,
}

interface AppLayoutProps {
  me: Me
  withNavigation: boolean
  children: ReactNode
}

/** The frame around every signed-in page: MSP name, who is signed in, sign-out, and the menu for this role. */
export function AppLayout({ me, withNavigation, children }: AppLayoutProps) {
  const { t } = useTranslation()
  const [opened, { toggle, close }] = useDisclosure()
  const branding = useBranding()
  const logout = useLogout()
  const navigate = useNavigate()
  const { pathname } = useLocation()
  const items = navItemsFor(me)
  const openMail = useOpenMailCount(me.kind === 'staff' && withNavigation)
  const mailCount = openMail.data?.count ?? 0

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={withNavigation ? { width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } } : undefined}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            {withNavigation && (
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            )}
            {branding.data?.logo && <Image src={branding.data.logo} alt="" h={32} w="auto" fit="contain" />}
            <Title order={1} size="h4" lineClamp={1}>
              {branding.data?.name ?? 'sladesk'}
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" visibleFrom="xs" lineClamp={1}>
              {me.name}
              {me.customerName && (
                <Text span c="dimmed" size="sm">
                  {' · '}
                  {me.customerName}
                </Text>
              )}
            </Text>
            <Button
              variant="default"
              size="xs"
              leftSection={<IconLogout size={16} />}
              loading={logout.isPending}
              onClick={() => logout.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) })}
            >
              {t('nav.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      {withNavigation && (
        <AppShell.Navbar p="xs" aria-label={t('nav.label')} component="nav">
          {items.map((item) => {
            const props = {
              label: t(`nav.${item.key}`),
              leftSection: icons[item.key],
              rightSection:
                item.key === 'mail' && mailCount > 0 ? (
                  <Badge
                    size="sm"
                    color="orange"
                    circle={mailCount < 10}
                    aria-label={t('nav.mailWaiting', { count: mailCount })}
                  >
                    {openMail.data?.more ? `${mailCount}+` : mailCount}
                  </Badge>
                ) : undefined,
              active: isNavActive(item, pathname),
              onClick: close,
            }
            // A page the server renders must be loaded from the server: the router would only show its 404.
            return item.external ? (
              <NavLink key={item.key} component="a" href={item.to} {...props} />
            ) : (
              <NavLink key={item.key} component={Link} to={item.to} {...props} />
            )
          })}
        </AppShell.Navbar>
      )}
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  )
}
