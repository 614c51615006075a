import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const webRoot = import.meta.dirname
const repoRoot = resolve(webRoot, '..')
// The API server the dev server and `vite preview` forward to; SLADESK_URL points them at another one.
const server = process.env.SLADESK_URL ?? 'http://127.0.0.1:8080'

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: resolve(webRoot, 'dist'),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    // The shared zod schemas live in ../src/modules, outside the web root.
    fs: { allow: [repoRoot] },
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/metrics': { target: server, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/metrics': { target: server, changeOrigin: false },
    },
  },
})
