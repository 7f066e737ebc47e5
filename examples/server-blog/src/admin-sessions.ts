// The live blog's admin sessions: the shared admin's (`@blogkit/example-admin`), in the table
// `server_blog_admin_sessions` with PostgreSQL.
import { type AdminSessionStore, openPostgresAdminSessions as openSessions } from '@blogkit/example-admin'

export { type AdminSessionStore, memoryAdminSessions } from '@blogkit/example-admin'

/**
 * Sessions in the PostgreSQL database the comments live in (table `server_blog_admin_sessions` in
 * `schema`, created when missing), shared by every server instance.
 * @throws {Error} when the database cannot be reached or the schema name is not a plain identifier.
 */
export function openPostgresAdminSessions(options: {
  connectionString: string
  schema: string
}): Promise<AdminSessionStore> {
  return openSessions({ ...options, table: 'server_blog_admin_sessions' })
}
