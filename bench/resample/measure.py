# Usage: npx vite build --config vite.node.config.ts; python3 bench/resample/measure.py gen|bench|global (EPOCHS=5 by default;
# FW_ROOT=DIR runs DIR/bin/fw.js, another build, e.g. the commit before a change to the fill).
# Each series trained twice by bin/fw.js: --resample off, and data.resample on its calendar step; test MAE
# as the run reports it, and the step-1 test forecasts against the noise-free curve (gen) or the
# values (bench) at the times both runs score. Results in docs/data.md, "Missing periods".
# Test MAE with and without data.resample on series with a few missing periods.
import math, random, datetime as dt, json, subprocess, sys, os, csv
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..')); FW_ROOT = os.environ.get('FW_ROOT', ROOT); OUT = os.environ.get('OUT', '/tmp/fw-resample-runs'); os.makedirs(OUT, exist_ok=True)
EPOCHS = int(os.environ.get('EPOCHS', '5'))

def add_months(d, k):
    m = d.year * 12 + d.month - 1 + k
    return dt.date(m // 12, m % 12 + 1, 1)

def gen(kind, seed):
    r = random.Random(seed)
    frac = [0.02, 0.05, 0.10, 0.15][seed % 4]
    if kind == 'monthly': n, period, d0, step = 144, 12, dt.date(2010, 1, 1), lambda i: add_months(dt.date(2010, 1, 1), i)
    elif kind == 'weekly': n, period, step = 260, 52, lambda i: dt.date(2019, 1, 7) + dt.timedelta(weeks=i)
    else: n, period, step = 400, 7, lambda i: dt.date(2023, 1, 2) + dt.timedelta(days=i)
    amp = r.uniform(50, 150); slope = r.uniform(-1, 3); noise = r.uniform(5, 20); ph = r.uniform(0, 6.28)
    truth = {step(i).isoformat(): 500 + amp * math.sin(2 * math.pi * i / period + ph) + slope * i for i in range(n)}
    gone = set(r.sample(range(1, n - 1), max(1, round(frac * n))))
    rows = [(step(i).isoformat(), truth[step(i).isoformat()] + r.gauss(0, noise)) for i in range(n) if i not in gone]
    unit = {'monthly': 'month', 'weekly': 'week', 'daily': 'day'}[kind]
    return rows, truth, unit, frac

def bench(name, seed, frac=0.05):
    r = random.Random(seed)
    rows = list(csv.reader(open(f'{ROOT}/bench/quality/series/{name}.csv')))[1:]
    n = len(rows)
    gone = set(r.sample(range(1, n - 1), max(1, round(frac * n))))
    truth = {t: float(v) for t, v in rows}
    return [(t, float(v)) for i, (t, v) in enumerate(rows) if i not in gone], truth, 'month', frac

def run(tag, rows, unit, resample):
    f = f'{OUT}/{tag}.csv'
    with open(f, 'w') as h:
        h.write('time,value\n'); h.writelines(f'{t},{v:.4f}\n' for t, v in rows)
    args = ['node', 'bin/fw.js', 'train', '--csv', f, '--target', 'value', '--epochs', str(EPOCHS), '--no-db', '--out', f'{OUT}/{tag}-{resample}', '--json']
    if not resample: args += ['--resample', 'off']
    if resample:
        cfg = f'{OUT}/{tag}.json'; json.dump({'data': {'resample': {'unit': unit, 'every': 1, 'agg': 'mean'}}}, open(cfg, 'w')); args += ['--config', cfg]
    p = subprocess.run(args, cwd=FW_ROOT, capture_output=True, text=True)
    if p.returncode: print(tag, resample, 'FAILED', p.stderr[-400:], file=sys.stderr); return None
    d = json.loads(p.stdout)
    mae = next(m['value'] for m in d['metrics'] if m['split'] == 'test' and m['model'] == 'model' and m['metric'] == 'mae')
    pred = {}
    for row in csv.DictReader(open(f'{OUT}/{tag}-{resample}/predictions.csv')):
        if row['step'] == '1': pred[row['time']] = float(row['forecast'])
    return mae, pred, d.get('choice', {})

# global: one long file of G generated series (gen's shapes, each its own periods absent, 2-15 % by
# the seed), trained once with --global on its grid; per run, the series' mean test MAE (the chosen
# forecast, and the network's) and the step-1 test forecasts against the noise-free curves. Run it
# on two builds (FW_ROOT) to compare their fill of the absent periods.
def run_global(tag, kind, seed, G=5):
    files = [gen(kind, seed * 101 + s) for s in range(G)]  # series s of file `seed`: (seed + s) % 4 picks 2, 5, 10 or 15 % absent
    f = f'{OUT}/{tag}.csv'
    with open(f, 'w') as h:
        h.write('shop,time,value\n')
        for s, (rows, _truth, _unit, _frac) in enumerate(files): h.writelines(f's{s},{t},{v:.4f}\n' for t, v in rows)
    frac = sum(x[3] for x in files) / G
    unit = files[0][2]
    args = ['node', 'bin/fw.js', 'train', '--csv', f, '--target', 'value', '--series', 'shop', '--global', '--resample', unit, '--epochs', str(EPOCHS), '--no-db', '--out', f'{OUT}/{tag}-out', '--json']
    p = subprocess.run(args, cwd=FW_ROOT, capture_output=True, text=True)
    if p.returncode: print(tag, 'FAILED', p.stderr[-400:], file=sys.stderr); return None
    d = json.loads(p.stdout)
    mae = sum(x['test']['mae'] for x in d['series']) / len(d['series'])
    net = sum(x['network']['mae'] for x in d['series']) / len(d['series'])
    errs = []
    for row in csv.DictReader(open(f'{OUT}/{tag}-out/predictions.csv')):
        if row['step'] == '1': errs.append(abs(float(row['forecast']) - files[int(row['shop'][1:])][1][row['time']]))
    return dict(tag=tag, frac=frac, series=len(d['series']), test_mae=mae, network_test_mae=net, truth_mae=sum(errs) / len(errs), common=len(errs))

def main(which):
    if which == 'global':
        out = open(f'{OUT}/global.jsonl', 'a')
        only = os.environ.get('ONLY')
        # GLOBAL_SEEDS="monthly:12-24,daily:0-8": other files than the default 12 monthly, 4 weekly, 4 daily
        plan = [(k, range(*map(int, r.split('-')))) for k, r in (x.split(':') for x in os.environ.get('GLOBAL_SEEDS', 'monthly:0-12,weekly:0-4,daily:0-4').split(','))]
        for kind, seeds in plan:
            for seed in seeds:
                tag = f'global-{kind}-{seed}'
                if only and not any(tag.startswith(o) for o in only.split(',')): continue
                rec = run_global(tag, kind, seed)
                if rec: print(json.dumps(rec), file=out, flush=True); print(json.dumps(rec), flush=True)
        return
    out = open(f'{OUT}/{which}.jsonl', 'a')
    cases = []
    if which == 'gen':
        for kind in ['monthly', 'weekly', 'daily']:
            for seed in range(10): cases.append((f'{kind}-{seed}',) + gen(kind, seed))
    else:
        for name in ['AirPassengers', 'UKDriverDeaths', 'nottem', 'wineind', 'gas']:
            for seed in range(3): cases.append((f'{name}-{seed}',) + bench(name, seed))
    only = os.environ.get('ONLY')
    for tag, rows, truth, unit, frac in cases:
        if only and not any(tag.startswith(o) for o in only.split(',')): continue
        a = run(tag, rows, unit, False); b = run(tag, rows, unit, True)
        if not a or not b: continue
        common = sorted(set(a[1]) & set(b[1]))
        ea = sum(abs(a[1][t] - truth[t]) for t in common) / len(common)
        eb = sum(abs(b[1][t] - truth[t]) for t in common) / len(common)
        rec = dict(tag=tag, frac=frac, test_mae_off=a[0], test_mae_on=b[0], truth_mae_off=ea, truth_mae_on=eb, common=len(common),
                   pick_off=a[2].get('chosen'), pick_on=b[2].get('chosen'))
        print(json.dumps(rec), file=out, flush=True); print(json.dumps(rec), flush=True)

main(sys.argv[1])
