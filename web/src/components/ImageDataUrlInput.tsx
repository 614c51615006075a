import { Button, FileInput, Group, Image, Paper, Stack } from '@mantine/core'
import { IconPhoto } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

const accept = 'image/png,image/jpeg,image/svg+xml,image/webp'

interface ImageDataUrlInputProps {
  label: string
  value: string | null
  onChange: (value: string | null) => void
  /** Largest accepted file, in bytes. */
  maxBytes: number
  error?: string
}

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '')
    reader.onerror = () => reject(reader.error ?? new Error('read failed'))
    reader.readAsDataURL(file)
  })
}

/** Picks an image file and hands it on as a data URL, with a preview and a way to remove it. */
export function ImageDataUrlInput({ label, value, onChange, maxBytes, error }: ImageDataUrlInputProps) {
  const { t } = useTranslation()
  const [localError, setLocalError] = useState<string | null>(null)

  async function pick(file: File | null) {
    setLocalError(null)
    if (!file) {
      return
    }
    if (!accept.split(',').includes(file.type)) {
      setLocalError(t('image.wrongType'))
      return
    }
    if (file.size > maxBytes) {
      setLocalError(t('image.tooLarge', { kb: Math.floor(maxBytes / 1024) }))
      return
    }
    try {
      onChange(await readAsDataUrl(file))
    } catch {
      setLocalError(t('image.unreadable'))
    }
  }

  return (
    <Stack gap="xs">
      <FileInput
        label={label}
        accept={accept}
        placeholder={t('image.choose')}
        leftSection={<IconPhoto size={16} />}
        value={null}
        onChange={(file) => void pick(file)}
        error={localError ?? error}
        description={t('image.hint', { kb: Math.floor(maxBytes / 1024) })}
      />
      {value && (
        <Group align="center">
          <Paper withBorder p="xs">
            <Image src={value} alt={t('image.preview')} h={64} w="auto" fit="contain" />
          </Paper>
          <Button variant="subtle" color="red" size="xs" onClick={() => onChange(null)}>
            {t('image.remove')}
          </Button>
        </Group>
      )}
    </Stack>
  )
}
