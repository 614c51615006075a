import { SegmentedControl, Stack, Text } from '@mantine/core'
import { useId } from 'react'
import classes from './LabeledSegmentedControl.module.css'

interface LabeledSegmentedControlProps<V extends string> {
  label: string
  value: V
  data: { value: V; label: string }[]
  onChange: (value: V) => void
  disabled?: boolean
}

/** A segmented control whose radio group is named by a visible label, so it can be found by role and name. */
export function LabeledSegmentedControl<V extends string>(props: LabeledSegmentedControlProps<V>) {
  const labelId = useId()
  return (
    <Stack gap={4} align="flex-start">
      <Text id={labelId} size="sm" fw={500}>
        {props.label}
      </Text>
      <SegmentedControl
        aria-labelledby={labelId}
        classNames={{ input: classes.input }}
        value={props.value}
        data={props.data}
        disabled={props.disabled}
        onChange={(value) => {
          const chosen = props.data.find((item) => item.value === value)
          if (chosen) {
            props.onChange(chosen.value)
          }
        }}
      />
    </Stack>
  )
}
