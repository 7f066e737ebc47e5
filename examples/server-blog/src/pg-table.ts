// Note: the server's own PostgreSQL tables are opened by the theme's helper (shared with the comment
// service's admin sessions).
export { openPostgresTable } from '@blogkit/example-admin'
