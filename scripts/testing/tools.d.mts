export interface Tool {
  /** Short id, e.g. `chromium`. */
  id: string
  /** What to call it in messages. */
  name: string
  /** The Debian package(s) that bring it. */
  debian: string
  /** Which tests need it. */
  usedBy: string
  /** How to install it, when more than `apt-get install -y <debian>`. */
  install?: string
  /** Whether it is there. */
  available: () => boolean
}
export declare const tools: Tool[]
export declare function javaPath(): string | undefined
export declare function pythonWithFeedparser(): string | undefined
export declare function postgresUrl(): string | undefined
export declare function toolSkipped(id: string): boolean
export declare function installCommand(tool: Tool): string
export declare function tool(id: string): Tool
export declare function requireTool(id: string, skipped: string): boolean
export declare function answers(url: string): Promise<boolean>
