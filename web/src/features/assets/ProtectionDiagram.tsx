import { Anchor, Box, EmptyState, Group, Paper, ScrollArea, Stack, Text } from '@mantine/core'
import { IconTopologyStar } from '@tabler/icons-react'
import { useMemo, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Asset } from '../../../../src/modules/assets/schema.ts'
import { layoutProtection, ROW, unprotectedServers, type DiagramNode, type LinkKind } from './infrastructure.ts'

const WIDTH = 960
const BOX_W = 230
const BOX_H = ROW - 12
const TOP = 34
const columnX = [0, (WIDTH - BOX_W) / 2, WIDTH - BOX_W] as const
const edgeColors: Record<LinkKind, string> = {
  power: 'var(--mantine-color-orange-6)',
  backup: 'var(--mantine-color-blue-6)',
}
const MAX_CHARS = 28
const LANE = 10

const short = (name: string) => (name.length > MAX_CHARS ? `${name.slice(0, MAX_CHARS - 1)}…` : name)

/** Where a line leaves or enters a box: the side that faces the other end. */
function anchor(node: DiagramNode, towards: DiagramNode): { x: number; y: number } {
  const x = columnX[node.column]
  const right = columnX[towards.column] > x
  return { x: right ? x + BOX_W : x, y: TOP + node.y + BOX_H / 2 }
}

interface ProtectionDiagramProps {
  assets: Asset[]
  onOpen: (id: string) => void
}

/**
 * Which UPS feeds and which backup system backs up which asset: UPSes left, backup systems right, what they protect
 * in the middle, drawn as plain SVG boxes and lines. Pointing at a box brings out its lines.
 */
export function ProtectionDiagram({ assets, onOpen }: ProtectionDiagramProps) {
  const { t } = useTranslation()
  const layout = useMemo(() => layoutProtection(assets.filter((a) => a.status !== 'retired')), [assets])
  const gaps = useMemo(() => unprotectedServers(assets), [assets])
  const [hovered, setHovered] = useState<string | null>(null)
  const byId = new Map(layout.nodes.map((n) => [n.id, n]))

  if (layout.nodes.length === 0) {
    return (
      <EmptyState
        icon={<IconTopologyStar size={32} />}
        title={t('assets.diagram.empty')}
        description={t('assets.diagram.emptyHint')}
      />
    )
  }
  // Lines between the two outer columns (a UPS feeding a NAS) run below the middle column, in lanes of their own,
  // so that they never seem to end at a box they pass.
  const lanes = new Map(
    layout.edges
      .filter((e) => Math.abs((byId.get(e.from)?.column ?? 1) - (byId.get(e.to)?.column ?? 1)) === 2)
      .map((e, i) => [`${e.from}-${e.to}-${e.kind}`, TOP + layout.height + 4 + i * LANE]),
  )
  const height = TOP + layout.height + (lanes.size > 0 ? 8 + lanes.size * LANE : 0)
  const active = (from: string, to: string) => hovered === null || hovered === from || hovered === to
  const key = (id: string) => (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault()
      onOpen(id)
    }
  }

  return (
    <Stack gap="sm">
      <Group gap="lg">
        {(['power', 'backup'] as const).map((kind) => (
          <Group key={kind} gap={6}>
            <Box w={24} h={3} bg={edgeColors[kind]} />
            <Text size="sm">{t(`assets.diagram.${kind}`)}</Text>
          </Group>
        ))}
        <Group gap={6}>
          <Box w={24} h={14} style={{ border: '2px solid var(--mantine-color-red-6)', borderRadius: 4 }} />
          <Text size="sm">{t('assets.diagram.attention')}</Text>
        </Group>
      </Group>
      <Paper withBorder p="md">
        <ScrollArea type="auto">
          <Box miw={760}>
            <svg
              viewBox={`0 0 ${WIDTH} ${height}`}
              width="100%"
              role="img"
              aria-label={t('assets.diagram.label')}
              style={{ display: 'block', fontFamily: 'var(--mantine-font-family)' }}
            >
              {(['ups', 'protected', 'backup'] as const).map((column, i) => (
                <text
                  key={column}
                  x={columnX[i as 0 | 1 | 2] + BOX_W / 2}
                  y={14}
                  textAnchor="middle"
                  fontSize={13}
                  fontWeight={600}
                  fill="var(--mantine-color-dimmed)"
                >
                  {t(`assets.diagram.columns.${column}`)}
                </text>
              ))}
              {layout.edges.map((e) => {
                const from = byId.get(e.from)
                const to = byId.get(e.to)
                if (!from || !to) {
                  return null
                }
                const a = anchor(from, to)
                const b = anchor(to, from)
                const dir = b.x > a.x ? 1 : -1
                const on = active(e.from, e.to)
                const id = `${e.from}-${e.to}-${e.kind}`
                const lane = lanes.get(id)
                const bend = Math.max(40, Math.abs(b.x - a.x) / 2)
                const d =
                  lane === undefined
                    ? `M ${a.x} ${a.y} C ${a.x + dir * bend} ${a.y}, ${b.x - dir * bend} ${b.y}, ${b.x} ${b.y}`
                    : `M ${a.x} ${a.y} C ${a.x + dir * 30} ${a.y}, ${a.x + dir * 30} ${lane}, ${a.x + dir * 60} ${lane} ` +
                      `L ${b.x - dir * 60} ${lane} C ${b.x - dir * 30} ${lane}, ${b.x - dir * 30} ${b.y}, ${b.x} ${b.y}`
                return (
                  <path
                    key={id}
                    d={d}
                    fill="none"
                    stroke={edgeColors[e.kind]}
                    strokeWidth={on && hovered !== null ? 2.5 : 1.5}
                    strokeDasharray={e.kind === 'backup' ? '6 4' : undefined}
                    opacity={on ? 0.9 : 0.15}
                  />
                )
              })}
              {layout.nodes.map((n) => {
                const x = columnX[n.column]
                const y = TOP + n.y
                const dim =
                  hovered !== null &&
                  hovered !== n.id &&
                  !layout.edges.some((e) => active(e.from, e.to) && (e.from === n.id || e.to === n.id))
                return (
                  <g
                    key={n.id}
                    role="button"
                    tabIndex={0}
                    aria-label={`${t(`assets.classes.${n.class}`)} ${n.name}`}
                    style={{ cursor: 'pointer', outline: 'none' }}
                    opacity={dim ? 0.4 : 1}
                    onClick={() => onOpen(n.id)}
                    onKeyDown={key(n.id)}
                    onMouseEnter={() => setHovered(n.id)}
                    onMouseLeave={() => setHovered(null)}
                    onFocus={() => setHovered(n.id)}
                    onBlur={() => setHovered(null)}
                  >
                    <title>{n.name}</title>
                    <rect
                      x={x}
                      y={y}
                      width={BOX_W}
                      height={BOX_H}
                      rx={6}
                      fill={hovered === n.id ? 'var(--mantine-color-gray-1)' : 'var(--mantine-color-body)'}
                      stroke={n.warning ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-gray-5)'}
                      strokeWidth={n.warning ? 2 : 1}
                    />
                    <text x={x + 10} y={y + BOX_H / 2 + 1} dominantBaseline="middle" fontSize={13}>
                      <tspan fill="var(--mantine-color-dimmed)" fontSize={11}>
                        {t(`assets.classShort.${n.class}`)}
                      </tspan>
                      <tspan dx={6} fill="var(--mantine-color-text)">
                        {short(n.name)}
                      </tspan>
                    </text>
                  </g>
                )
              })}
            </svg>
          </Box>
        </ScrollArea>
      </Paper>
      {(gaps.withoutPower.length > 0 || gaps.withoutBackup.length > 0) && (
        <Stack gap={4}>
          {(['withoutPower', 'withoutBackup'] as const).map((kind) =>
            gaps[kind].length > 0 ? (
              <Text key={kind} size="sm">
                <Text span fw={600} size="sm" c="orange.9">
                  {t(`assets.diagram.${kind}`, { count: gaps[kind].length })}
                </Text>{' '}
                {gaps[kind].map((s, i) => (
                  <span key={s.id}>
                    {i > 0 && ', '}
                    <Anchor component="button" type="button" size="sm" onClick={() => onOpen(s.id)}>
                      {s.name}
                    </Anchor>
                  </span>
                ))}
              </Text>
            ) : null,
          )}
        </Stack>
      )}
    </Stack>
  )
}
