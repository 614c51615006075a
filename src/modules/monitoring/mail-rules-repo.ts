import type { Selectable } from 'kysely'
import type { Executor } from '../../db/database.js'
import type { MailParsersTable, MailRulesTable } from './mail-rules-tables.js'

export type RuleRow = Selectable<MailRulesTable>
export type ParserRow = Selectable<MailParsersTable>

// Rules ---------------------------------------------------------------------------------------------

/** Every rule in the order they are tried: by position, then oldest first. */
export async function listRules(db: Executor): Promise<RuleRow[]> {
  return db.selectFrom('mail_rules').selectAll().orderBy('position').orderBy('id').execute()
}

export async function findRule(db: Executor, id: string): Promise<RuleRow | undefined> {
  return db.selectFrom('mail_rules').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The position after the last rule. */
export async function nextPosition(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('mail_rules')
    .select((eb) => eb.fn.max('position').as('last'))
    .executeTakeFirst()
  return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1
}

export async function insertRule(db: Executor, row: RuleRow): Promise<void> {
  await db.insertInto('mail_rules').values(row).execute()
}

export async function updateRule(db: Executor, id: string, set: Partial<RuleRow>): Promise<void> {
  await db.updateTable('mail_rules').set(set).where('id', '=', id).execute()
}

export async function deleteRule(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('mail_rules').where('id', '=', id).execute()
}

/** The names of the rules that force this format. */
export async function ruleNamesUsingFormat(db: Executor, format: string): Promise<string[]> {
  const rows = await db.selectFrom('mail_rules').select('name').where('format', '=', format).orderBy('name').execute()
  return rows.map((r) => r.name)
}

// Parsers -------------------------------------------------------------------------------------------

export async function listParsers(db: Executor): Promise<ParserRow[]> {
  return db.selectFrom('mail_parsers').selectAll().orderBy('name').orderBy('id').execute()
}

export async function findParser(db: Executor, id: string): Promise<ParserRow | undefined> {
  return db.selectFrom('mail_parsers').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertParser(db: Executor, row: ParserRow): Promise<void> {
  await db.insertInto('mail_parsers').values(row).execute()
}

export async function updateParser(db: Executor, id: string, set: Partial<ParserRow>): Promise<void> {
  await db.updateTable('mail_parsers').set(set).where('id', '=', id).execute()
}

export async function deleteParser(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('mail_parsers').where('id', '=', id).execute()
}
