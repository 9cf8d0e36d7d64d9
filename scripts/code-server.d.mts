// Types for scripts/code-server.mjs, so the TypeScript e2e harness can import it under `tsc`.
import type { ChildProcess } from 'node:child_process';

export const CODE_SERVER_VERSION: string;
export const repoRoot: string;
export const cacheDir: string;
export const TEST_SETTINGS: Record<string, unknown>;

export type Prerequisite = 'rg' | 'krb5' | 'chromium' | 'cjkFont' | 'compiler' | 'python';
export function missingPrerequisites(which?: Prerequisite[]): Array<{ name: string; path: string; apt: string; why: string }>;
export function ensurePrerequisites(which: Prerequisite[], opts?: { autoInstall?: boolean }): void;
export function isInstalled(): boolean;
export function ensureCodeServer(): string;
export function extensionId(extensionPath?: string): string;
export function linkExtension(extensionsDir: string, extensionPath?: string): string;
export function installVsix(vsix: string, extensionsDir: string, userDataDir: string): string;
export function writeUserSettings(userDataDir: string, extra?: Record<string, unknown>): void;
export function freePort(): Promise<number>;

export interface CodeServer {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
  /** The last few KB of code-server's output (when started with quiet: true). */
  output(): string;
}
export function startCodeServer(opts: {
  workspace: string;
  userDataDir: string;
  extensionsDir: string;
  port?: number;
  quiet?: boolean;
  timeoutMs?: number;
}): Promise<CodeServer>;
