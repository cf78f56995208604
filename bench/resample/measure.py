# Usage: npx vite build --config vite.node.config.ts; python3 bench/resample/measure.py gen|bench (EPOCHS=5 by default).
# Each series trained twice by bin/fw.js: --resample off, and data.resample on its calendar step; test MAE
# as the run reports it, and the step-1 test forecasts against the noise-free curve (gen) or the
# values (bench) at the times both runs score. Results in docs/data.md, "Missing periods".
# Test MAE with and without data.resample on series with a few missing periods.
import math, random, datetime as dt, json, subprocess, sys, os, csv
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..')); OUT = os.environ.get('OUT', '/tmp/fw-resample-runs'); os.makedirs(OUT, exist_ok=True)
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
    p = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    if p.returncode: print(tag, resample, 'FAILED', p.stderr[-400:], file=sys.stderr); return None
    d = json.loads(p.stdout)
    mae = next(m['value'] for m in d['metrics'] if m['split'] == 'test' and m['model'] == 'model' and m['metric'] == 'mae')
    pred = {}
    for row in csv.DictReader(open(f'{OUT}/{tag}-{resample}/predictions.csv')):
        if row['step'] == '1': pred[row['time']] = float(row['forecast'])
    return mae, pred, d.get('choice', {})

def main(which):
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
