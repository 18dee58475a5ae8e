/**
 * Đơn vị: the units of a subtree, as an indented list with a search box ("lao cai" finds
 * "Lào Cai", codes work too). Choosing a unit opens its panel: name, short name, code, level,
 * groups (tags), region, a move under another parent (picked by search) and closing from a
 * date (or reopening). "Thêm đơn vị trực thuộc" creates a unit under one the user manages, and
 * a units file (.xlsx / .csv) creates and updates many at once, all rows or none, its refusals
 * listed by row. Every form answers in one list at the top, each line a link to its field, and
 * asks before leaving while half filled. The unit groups are listed below; the central unit's
 * staff add one there.
 */
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'wouter';
import { addDays, formatDate, formatNumber, type UnitLevel } from '@giaoban/core';
import { api } from '../api/client.ts';
import type { CreateUnitTagBody, OrgTreeResponse, UnitTag, UpdateUnitBody } from '../api/organisation.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { ErrorSummary } from '../components/ErrorSummary.tsx';
import { Field } from '../components/Field.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { RowErrorsTable } from '../components/RowErrorsTable.tsx';
import { UnitSearch, type PickedUnit } from '../components/UnitSearch.tsx';
import { useLanguage } from '../i18n/language.tsx';
import type { Language } from '../i18n/catalogue.ts';
import { problemsOf, readDate, useFormProblems, type Problem } from '../lib/form-problems.ts';
import { paths } from '../lib/routes.ts';
import { layOutTree, levelsBelow, unitMatches } from '../lib/unit-tree.ts';
import { useLoad } from '../lib/use-load.ts';
import { useSheetUpload } from '../lib/use-sheet-upload.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { useUnsavedChanges } from '../lib/use-unsaved.ts';
import { useSession } from '../session.tsx';
import './OrganisationPages.css';

type TreeUnit = OrgTreeResponse['units'][number];

/** Rows of the list shown before "Xem thêm" (the centre's subtree holds every unit). */
const LIST_PAGE = 100;

const tagName = (tag: UnitTag, language: Language) => (language === 'en' && tag.nameEn ? tag.nameEn : tag.name);

export function UnitsPage() {
  const { unit = '' } = useParams<{ unit: string }>();
  return <UnitsOf key={unit} root={unit} />;
}

function UnitsOf({ root }: { root: string }) {
  const { t, language } = useLanguage();
  const { can, session } = useSession();
  const tree = useLoad(() => api.unitTree(root), [root, language]);
  const tags = useLoad(() => api.unitTags(), [language]);
  const rootUnit = tree.data?.units.find((u) => u.code === root) ?? null;
  usePageTitle(rootUnit ? t('units.titleOf', { unit: rootUnit.name }) : t('units.title'));
  const [query, setQuery] = useState('');
  const [limit, setLimit] = useState(LIST_PAGE);
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState<{ parent: PickedUnit } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const panel = useRef<HTMLHeadingElement>(null);
  const searchId = useId();

  const rows = useMemo(() => layOutTree(tree.data?.units ?? [], root), [tree.data, root]);
  const matching = useMemo(() => rows.filter((r) => unitMatches(r.unit, query)), [rows, query]);
  const byCode = useMemo(() => new Map((tree.data?.units ?? []).map((u) => [u.code, u])), [tree.data]);

  // A new panel brings itself into view (on a phone it opens below the list).
  useEffect(() => {
    if (selected || creating) panel.current?.focus();
  }, [selected, creating]);

  if (tree.error) return <ErrorNotice error={tree.error} onRetry={tree.reload} />;
  if (!tree.data || !rootUnit) return <Loading />;
  const chosen = selected ? byCode.get(selected) ?? null : null;
  const allTags = tags.data?.tags ?? [];

  function startCreate(parent: TreeUnit) {
    setSelected(null);
    setNotice(null);
    setCreating({ parent: { code: parent.code, name: parent.name, level: parent.level } });
  }

  return (
    <div className="units-page">
      <header className="page-header">
        <h1>{t('units.heading', { unit: rootUnit.name })}</h1>
        <p className="field-hint">{t('units.intro')}</p>
        {can('accounts.manage') && <p><Link href={paths.accounts(root)}>{t('units.toAccounts')}</Link></p>}
        <p><Link href={paths.reorganisations(root)}>{t('reorg.fromUnits')}</Link></p>
      </header>
      <p role="status" className={notice ? 'notice notice-ok' : 'visually-hidden'} data-testid="units-notice">{notice ?? ''}</p>
      <div className="units-layout">
        <section className="units-list-section" aria-labelledby={`${searchId}-list`}>
          <h2 id={`${searchId}-list`} className="visually-hidden">{t('units.listTitle')}</h2>
          <div className="toolbar units-toolbar">
            <Field id={searchId} label={t('units.search')} hint={t('units.searchHint')} className="units-search">
              {(control) => (
                <input {...control} type="search" value={query} autoComplete="off" spellCheck={false}
                  onChange={(e) => { setQuery(e.target.value); setLimit(LIST_PAGE); }} />
              )}
            </Field>
            <button type="button" className="button button-primary" onClick={() => startCreate(chosen ?? rootUnit)}>
              {t('units.create.open')}
            </button>
          </div>
          <p className="muted units-count">{t('units.count', { shown: formatNumber(matching.length, 0), total: formatNumber(rows.length, 0) })}</p>
          {matching.length === 0 ? <p className="notice notice-info">{t('units.none', { text: query.trim() })}</p> : (
            <ul className="units-list" data-testid="units-list">
              {matching.slice(0, limit).map(({ unit, depth }) => (
                <li key={unit.code} className={unit.code === selected ? 'units-item units-item-selected' : 'units-item'}
                  style={{ '--depth': query.trim() ? 0 : Math.min(depth, 6) } as React.CSSProperties} data-unit={unit.code}>
                  <button type="button" className="units-open" aria-current={unit.code === selected ? 'true' : undefined}
                    onClick={() => { setCreating(null); setNotice(null); setSelected(unit.code); }}>
                    <span className="units-name">{unit.name}</span>
                    <span className="units-meta">
                      <span>{unit.code}</span>
                      <span>{t(`level.${unit.level}`)}</span>
                      {unit.validTo && <span className="units-closed">{t('units.closedOn', { date: formatDate(addDays(unit.validTo, 1)) })}</span>}
                    </span>
                    {unit.tags.length > 0 && (
                      <span className="units-tags">
                        {unit.tags.map((code) => {
                          const tag = allTags.find((g) => g.code === code);
                          return <span key={code} className="units-tag">{tag ? tagName(tag, language) : code}</span>;
                        })}
                      </span>
                    )}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {matching.length > limit && (
            <p><button type="button" className="button" onClick={() => setLimit(limit + LIST_PAGE)}>
              {t('common.showMore', { count: formatNumber(matching.length - limit, 0) })}
            </button></p>
          )}
        </section>
        <div className="units-side">
          {creating && (
            <CreateUnitForm key={creating.parent.code} scope={root} parent={creating.parent} tags={allTags} headingRef={panel}
              parentLevelOf={(code) => byCode.get(code)?.level ?? null}
              onCancel={() => setCreating(null)}
              onCreated={(code, text) => { setCreating(null); setSelected(code); setNotice(text); tree.refresh(); }} />
          )}
          {chosen && !creating && (
            <UnitPanel key={`${chosen.code}|${chosen.name}|${chosen.validTo ?? ''}|${chosen.parentCode ?? ''}`} unit={chosen} scope={root}
              // A manager manages the units strictly below their own; the central unit's administrator also the centre itself.
              isRoot={chosen.code === root && !(session?.user.role === 'admin' && chosen.parentCode === null)} parent={chosen.parentCode ? byCode.get(chosen.parentCode) ?? null : null} tags={allTags} headingRef={panel}
              onClose={() => setSelected(null)}
              onAddChild={() => startCreate(chosen)}
              onSaved={(code, text) => { setSelected(code); setNotice(text); tree.refresh(); }} />
          )}
        </div>
      </div>
      <UploadUnits root={root} onDone={() => tree.refresh()} />
      <UnitGroups tags={allTags} canAdd={can('tags.write') && rootUnit.parentCode === null} onAdded={(text) => { setNotice(text); tags.refresh(); }} />
    </div>
  );
}

/** The groups a unit carries, as checkboxes. */
function TagChoices({ id, tags, value, onChange, error }: {
  id: string; tags: readonly UnitTag[]; value: readonly string[]; onChange: (next: string[]) => void; error?: string | undefined;
}) {
  const { t, language } = useLanguage();
  return (
    <fieldset className="field units-tag-choices" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{t('units.field.tags')}</legend>
      {tags.length === 0 && <p className="field-hint">{t('units.noTags')}</p>}
      {tags.map((tag, index) => (
        <label key={tag.code} className="checkbox">
          <input type="checkbox" id={index === 0 ? id : undefined} checked={value.includes(tag.code)} aria-invalid={error ? true : undefined}
            onChange={(e) => onChange(e.target.checked ? [...value, tag.code] : value.filter((c) => c !== tag.code))} />
          <span>{tagName(tag, language)} <span className="muted">({tag.code})</span></span>
        </label>
      ))}
      {error && <span id={`${id}-error`} className="field-error">{error}</span>}
    </fieldset>
  );
}

function LevelSelect({ control, levels, value, onChange }: {
  control: object; levels: readonly UnitLevel[]; value: UnitLevel | ''; onChange: (level: UnitLevel | '') => void;
}) {
  const { t } = useLanguage();
  return (
    <select {...control} value={value} onChange={(e) => onChange(e.target.value as UnitLevel | '')}>
      <option value="">{t('units.field.levelChoose')}</option>
      {levels.map((l) => <option key={l} value={l}>{t(`level.${l}`)}</option>)}
    </select>
  );
}

function CreateUnitForm({ scope, parent: initialParent, tags, headingRef, parentLevelOf, onCancel, onCreated }: {
  scope: string;
  parent: PickedUnit;
  tags: readonly UnitTag[];
  headingRef: React.RefObject<HTMLHeadingElement>;
  parentLevelOf: (code: string) => UnitLevel | null;
  onCancel: () => void;
  onCreated: (code: string, notice: string) => void;
}) {
  const { t } = useLanguage();
  const id = useId();
  const ids = {
    parent: `${id}-parent`, code: `${id}-code`, name: `${id}-name`, shortName: `${id}-short`, level: `${id}-level`,
    tags: `${id}-tags`, region: `${id}-region`, validFrom: `${id}-from`,
  };
  const [parent, setParent] = useState<PickedUnit | null>(initialParent);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [shortName, setShortName] = useState('');
  const [level, setLevel] = useState<UnitLevel | ''>('');
  const [chosenTags, setChosenTags] = useState<string[]>([]);
  const [region, setRegion] = useState('');
  const [validFrom, setValidFrom] = useState('');
  const [busy, setBusy] = useState(false);
  const { problems, setProblems, items, errors } = useFormProblems(ids);
  const dirty = code !== '' || name !== '' || shortName !== '' || region !== '' || validFrom !== '' || chosenTags.length > 0;
  const allowLeaving = useUnsavedChanges(dirty && !busy, t('units.create.leaveConfirm'));
  const parentLevel = parent ? parent.level ?? parentLevelOf(parent.code) : null;
  const levels = levelsBelow(parentLevel);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const local: Problem[] = [];
    if (!parent) local.push({ field: 'parent', message: t('units.create.parentRequired') });
    if (code.trim() === '') local.push({ field: 'code', message: t('units.field.codeRequired') });
    if (name.trim() === '') local.push({ field: 'name', message: t('units.field.nameRequired') });
    if (level === '') local.push({ field: 'level', message: t('units.field.levelRequired') });
    const from = readDate(validFrom);
    if ('error' in from) local.push({ field: 'validFrom', message: t('common.invalidDate') });
    if (local.length > 0 || !parent || level === '' || 'error' in from) {
      setProblems(local);
      return;
    }
    setBusy(true);
    try {
      const { unit } = await api.createUnit(parent.code, {
        code: code.trim(), name: name.trim(), level,
        ...(shortName.trim() ? { shortName: shortName.trim() } : {}),
        ...(chosenTags.length > 0 ? { tags: chosenTags } : {}),
        ...(region.trim() ? { region: region.trim() } : {}),
        ...(from.iso ? { validFrom: from.iso } : {}),
      });
      allowLeaving();
      onCreated(unit.code, t('units.created', { unit: unit.name, code: unit.code, parent: parent.name }));
    } catch (error) {
      setProblems(problemsOf(error, t));
      setBusy(false);
    }
  }

  return (
    <section className="card units-panel" aria-labelledby={`${id}-title`} data-testid="unit-create">
      <h2 id={`${id}-title`} tabIndex={-1} ref={headingRef}>{t('units.create.title')}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {problems && problems.length > 0 && <ErrorSummary title={t('units.create.errorSummary')} items={items} />}
        <UnitSearch id={ids.parent} scope={scope} label={t('units.field.parent')} value={parent} onChange={setParent} error={errors.parent ?? errors.parentCode} />
        <Field id={ids.code} label={t('units.field.code')} hint={t('units.field.codeHint')} error={errors.code}>
          {(control) => <input {...control} type="text" value={code} autoComplete="off" spellCheck={false} onChange={(e) => setCode(e.target.value)} />}
        </Field>
        <Field id={ids.name} label={t('units.field.name')} error={errors.name}>
          {(control) => <input {...control} type="text" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field id={ids.shortName} label={t('units.field.shortName')} hint={t('units.field.shortNameHint')} error={errors.shortName}>
          {(control) => <input {...control} type="text" value={shortName} onChange={(e) => setShortName(e.target.value)} />}
        </Field>
        <Field id={ids.level} label={t('units.field.level')} hint={parent ? t('units.field.levelHint', { parent: parent.name }) : undefined} error={errors.level}>
          {(control) => <LevelSelect control={control} levels={levels} value={level} onChange={setLevel} />}
        </Field>
        <TagChoices id={ids.tags} tags={tags} value={chosenTags} onChange={setChosenTags} error={errors.tags} />
        <Field id={ids.region} label={t('units.field.region')} error={errors.region}>
          {(control) => <input {...control} type="text" value={region} onChange={(e) => setRegion(e.target.value)} />}
        </Field>
        <Field id={ids.validFrom} label={t('units.field.validFrom')} hint={t('units.field.validFromHint')} error={errors.validFrom}>
          {(control) => <input {...control} type="text" inputMode="numeric" placeholder="dd/mm/yyyy" value={validFrom} onChange={(e) => setValidFrom(e.target.value)} />}
        </Field>
        <p className="actions">
          <SubmitButton busy={busy} label={t('units.create.submit')} busyLabel={t('units.saving')} />
          <button type="button" className="button button-quiet" onClick={() => { allowLeaving(); onCancel(); }}>{t('common.cancel')}</button>
        </p>
      </form>
    </section>
  );
}

function UnitPanel({ unit, scope, isRoot, parent, tags, headingRef, onClose, onAddChild, onSaved }: {
  unit: TreeUnit;
  scope: string;
  isRoot: boolean;
  parent: TreeUnit | null;
  tags: readonly UnitTag[];
  headingRef: React.RefObject<HTMLHeadingElement>;
  onClose: () => void;
  onAddChild: () => void;
  onSaved: (code: string, notice: string) => void;
}) {
  const { t } = useLanguage();
  const id = useId();
  const ids = {
    name: `${id}-name`, shortName: `${id}-short`, code: `${id}-code`, level: `${id}-level`, tags: `${id}-tags`,
    region: `${id}-region`, parentCode: `${id}-parent`, closeFrom: `${id}-close`,
  };
  const initialParent = parent ? { code: parent.code, name: parent.name, level: parent.level } : null;
  const [name, setName] = useState(unit.name);
  const [shortName, setShortName] = useState(unit.shortName ?? '');
  const [code, setCode] = useState(unit.code);
  const [level, setLevel] = useState<UnitLevel | ''>(unit.level);
  const [chosenTags, setChosenTags] = useState<string[]>([...unit.tags]);
  const [region, setRegion] = useState(unit.region ?? '');
  const [newParent, setNewParent] = useState<PickedUnit | null>(initialParent);
  const [closeFrom, setCloseFrom] = useState('');
  const [reopen, setReopen] = useState(false);
  const [busy, setBusy] = useState(false);
  const { problems, setProblems, items, errors } = useFormProblems(ids);

  const sameTags = chosenTags.length === unit.tags.length && chosenTags.every((c) => unit.tags.includes(c));
  const parentChanged = newParent !== null && newParent.code !== (parent?.code ?? null);
  const changes: UpdateUnitBody = {
    ...(name.trim() !== unit.name ? { name: name.trim() } : {}),
    ...(shortName.trim() !== (unit.shortName ?? '') ? { shortName: shortName.trim() || null } : {}),
    ...(code.trim() !== unit.code ? { code: code.trim() } : {}),
    ...(level !== '' && level !== unit.level ? { level } : {}),
    ...(!sameTags ? { tags: chosenTags } : {}),
    ...(region.trim() !== (unit.region ?? '') ? { region: region.trim() || null } : {}),
    ...(parentChanged ? { parentCode: newParent.code } : {}),
  };
  const closing = closeFrom.trim() !== '';
  const dirty = Object.keys(changes).length > 0 || closing || reopen;
  const allowLeaving = useUnsavedChanges(dirty && !busy, t('units.edit.leaveConfirm'));
  const parentLevel = newParent ? newParent.level ?? null : null;
  const levels = [...new Set([...levelsBelow(parentLevel), unit.level])];

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const local: Problem[] = [];
    if (name.trim() === '') local.push({ field: 'name', message: t('units.field.nameRequired') });
    if (code.trim() === '') local.push({ field: 'code', message: t('units.field.codeRequired') });
    if (!newParent && unit.parentCode !== null) local.push({ field: 'parentCode', message: t('units.edit.parentRequired') });
    const close = readDate(closeFrom);
    if ('error' in close) local.push({ field: 'closeFrom', message: t('common.invalidDate') });
    if (local.length > 0 || 'error' in close) {
      setProblems(local);
      return;
    }
    const body: UpdateUnitBody = { ...changes, ...(close.iso ? { closeFrom: close.iso } : reopen ? { closeFrom: null } : {}) };
    if (Object.keys(body).length === 0) {
      setProblems([{ field: null, message: t('units.edit.noChanges') }]);
      return;
    }
    setBusy(true);
    try {
      const answer = await api.updateUnit(unit.code, body);
      allowLeaving();
      const saved = t('units.saved', { unit: answer.unit.name });
      const disabled = answer.disabledAccounts > 0 ? ` ${t('units.disabledAccounts', { count: formatNumber(answer.disabledAccounts, 0) })}` : '';
      onSaved(answer.unit.code, saved + disabled);
    } catch (error) {
      setProblems(problemsOf(error, t));
      setBusy(false);
    }
  }

  return (
    <section className="card units-panel" aria-labelledby={`${id}-title`} data-testid="unit-panel">
      <h2 id={`${id}-title`} tabIndex={-1} ref={headingRef}>{unit.name} <span className="muted">({unit.code})</span></h2>
      <p className="units-panel-meta">
        {t(`level.${unit.level}`)}
        {parent && <> · {t('units.under', { parent: parent.name })}</>}
        {unit.validFrom && <> · {t('units.openSince', { date: formatDate(unit.validFrom) })}</>}
        {unit.validTo && <> · <strong>{t('units.closedOn', { date: formatDate(addDays(unit.validTo, 1)) })}</strong></>}
      </p>
      <p className="actions">
        {!unit.validTo && <button type="button" className="button" onClick={onAddChild}>{t('units.create.openUnder', { unit: unit.name })}</button>}
        <button type="button" className="button button-quiet" onClick={onClose}>{t('common.close')}</button>
      </p>
      {isRoot ? <p className="notice notice-info">{t('units.edit.ownUnit')}</p> : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <h3>{t('units.edit.title')}</h3>
          {problems && problems.length > 0 && <ErrorSummary title={t('units.edit.errorSummary')} items={items} />}
          <Field id={ids.name} label={t('units.field.name')} error={errors.name}>
            {(control) => <input {...control} type="text" value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field id={ids.shortName} label={t('units.field.shortName')} hint={t('units.field.shortNameHint')} error={errors.shortName}>
            {(control) => <input {...control} type="text" value={shortName} onChange={(e) => setShortName(e.target.value)} />}
          </Field>
          <Field id={ids.code} label={t('units.field.code')} hint={t('units.field.codeHint')} error={errors.code}>
            {(control) => <input {...control} type="text" value={code} autoComplete="off" spellCheck={false} onChange={(e) => setCode(e.target.value)} />}
          </Field>
          <Field id={ids.level} label={t('units.field.level')} error={errors.level}>
            {(control) => <LevelSelect control={control} levels={levels} value={level} onChange={setLevel} />}
          </Field>
          <TagChoices id={ids.tags} tags={tags} value={chosenTags} onChange={setChosenTags} error={errors.tags} />
          <Field id={ids.region} label={t('units.field.region')} error={errors.region}>
            {(control) => <input {...control} type="text" value={region} onChange={(e) => setRegion(e.target.value)} />}
          </Field>
          {/* The root of the hierarchy has no parent to move under. */}
          {unit.parentCode !== null && (
            <UnitSearch id={ids.parentCode} scope={scope} label={t('units.field.moveTo')} hint={t('units.field.moveToHint')}
              value={newParent} onChange={setNewParent} exclude={[unit.code]} error={errors.parentCode ?? errors.parent} />
          )}
          {unit.validTo ? (
            <label className="checkbox">
              <input type="checkbox" checked={reopen} onChange={(e) => setReopen(e.target.checked)} />
              <span>{t('units.edit.reopen', { date: formatDate(addDays(unit.validTo, 1)) })}</span>
            </label>
          ) : (
            <Field id={ids.closeFrom} label={t('units.field.closeFrom')} hint={t('units.field.closeFromHint')} error={errors.closeFrom}>
              {(control) => <input {...control} type="text" inputMode="numeric" placeholder="dd/mm/yyyy" value={closeFrom} onChange={(e) => setCloseFrom(e.target.value)} />}
            </Field>
          )}
          <p className="actions">
            <SubmitButton busy={busy} label={t('units.edit.submit')} busyLabel={t('units.saving')} />
          </p>
        </form>
      )}
    </section>
  );
}

function UploadUnits({ root, onDone }: { root: string; onDone: () => void }) {
  const { t } = useLanguage();
  const id = useId();
  const fileId = `${id}-file`;
  const [result, setResult] = useState<{ created: number; updated: number; unchanged: number } | null>(null);
  const upload = useSheetUpload({
    fileId, noFile: t('units.upload.noFile'), badType: (name) => t('units.upload.badType', { name }),
    send: (file) => api.uploadUnits(root, file),
    onSent: (answer) => { setResult(answer); onDone(); },
  });

  return (
    <section className="card units-upload" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('units.upload.title')}</h2>
      <p className="field-hint">{t('units.upload.help')}</p>
      <form onSubmit={(e) => { setResult(null); void upload.submit(e); }} noValidate>
        {upload.problem && <ErrorSummary title={t('units.upload.errorSummary')} items={upload.items} />}
        <Field id={fileId} label={t('units.upload.file')}>
          {(control) => (
            <div className="org-file">
              <input {...control} key={upload.inputKey} type="file" disabled={upload.busy} className="visually-hidden" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                onChange={(e) => { upload.choose(e.target.files?.[0] ?? null); setResult(null); }} />
              <label htmlFor={control.id} className="button" aria-hidden="true">{t('units.upload.choose')}</label>
              <span className="org-file-name">{upload.file ? upload.file.name : t('units.upload.none')}</span>
            </div>
          )}
        </Field>
        <p className="actions">
          <SubmitButton busy={upload.busy} label={t('units.upload.submit')} busyLabel={t('units.upload.sending')} />
        </p>
      </form>
      {result && (
        <p className="notice notice-ok" role="status" data-testid="units-upload-result">
          {t('units.upload.done', { created: formatNumber(result.created, 0), updated: formatNumber(result.updated, 0), unchanged: formatNumber(result.unchanged, 0) })}
        </p>
      )}
      <RowErrorsTable rows={upload.rows} testId="units-upload-errors" />
    </section>
  );
}

/** The unit groups (nhóm đơn vị) every unit may carry; the central unit's staff add one here. */
function UnitGroups({ tags, canAdd, onAdded }: { tags: readonly UnitTag[]; canAdd: boolean; onAdded: (notice: string) => void }) {
  const { t, language } = useLanguage();
  const id = useId();
  const ids = { code: `${id}-code`, name: `${id}-name`, nameEn: `${id}-name-en` };
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [nameEn, setNameEn] = useState('');
  const [busy, setBusy] = useState(false);
  const { problems, setProblems, items, errors } = useFormProblems(ids);
  const allowLeaving = useUnsavedChanges((code !== '' || name !== '' || nameEn !== '') && !busy, t('units.groups.leaveConfirm'));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const local: Problem[] = [];
    if (code.trim() === '') local.push({ field: 'code', message: t('units.groups.codeRequired') });
    if (name.trim() === '') local.push({ field: 'name', message: t('units.groups.nameRequired') });
    if (local.length > 0) return setProblems(local);
    setBusy(true);
    try {
      const body: CreateUnitTagBody = { code: code.trim(), name: name.trim(), ...(nameEn.trim() ? { nameEn: nameEn.trim() } : {}) };
      const { tag } = await api.createUnitTag(body);
      allowLeaving();
      setCode('');
      setName('');
      setNameEn('');
      setProblems(null);
      onAdded(t('units.groups.added', { name: tagName(tag, language), code: tag.code }));
    } catch (error) {
      setProblems(problemsOf(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card units-groups" aria-labelledby={`${id}-title`} data-testid="unit-groups">
      <h2 id={`${id}-title`}>{t('units.groups.title')}</h2>
      <p className="field-hint">{t('units.groups.help')}</p>
      {tags.length === 0 ? <p className="muted">{t('units.noTags')}</p> : (
        <div className="table-scroll"><table>
          <thead><tr><th scope="col">{t('units.groups.code')}</th><th scope="col">{t('units.groups.name')}</th><th scope="col">{t('units.groups.nameEn')}</th></tr></thead>
          <tbody>
            {tags.map((tag) => <tr key={tag.code}><td><code>{tag.code}</code></td><td>{tag.name}</td><td>{tag.nameEn ?? ''}</td></tr>)}
          </tbody>
        </table></div>
      )}
      {canAdd && (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <h3>{t('units.groups.addTitle')}</h3>
          {problems && problems.length > 0 && <ErrorSummary title={t('units.groups.errorSummary')} items={items} />}
          <Field id={ids.code} label={t('units.groups.code')} hint={t('units.groups.codeHint')} error={errors.code}>
            {(control) => <input {...control} type="text" value={code} autoComplete="off" spellCheck={false} onChange={(e) => setCode(e.target.value)} />}
          </Field>
          <Field id={ids.name} label={t('units.groups.name')} error={errors.name}>
            {(control) => <input {...control} type="text" value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field id={ids.nameEn} label={t('units.groups.nameEnOptional')} error={errors.nameEn}>
            {(control) => <input {...control} type="text" value={nameEn} onChange={(e) => setNameEn(e.target.value)} />}
          </Field>
          <p className="actions">
            <SubmitButton busy={busy} label={t('units.groups.submit')} busyLabel={t('units.saving')} />
          </p>
        </form>
      )}
    </section>
  );
}
