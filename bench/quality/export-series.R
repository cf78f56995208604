#!/usr/bin/env Rscript
# Exports the quality benchmark's series (bench/quality/series/*.csv, columns time,value), their
# manifest (bench/quality/series.json) and bench/quality/SOURCES.md, from R's `datasets` and
# `forecast` packages, from the `AER` and `tseries` packages (the fresh group) and from the two
# samples shipped in resources/samples (Debian: apt-get install -y r-base-core r-cran-forecast
# r-cran-aer r-cran-tseries). Run from the repository root:
#   Rscript bench/quality/export-series.R
# Horizons follow the M4 competition: yearly 6, quarterly 8, monthly 18, weekly 13, daily 14,
# hourly 48, and 8 for series of no calendar frequency (M4's "Other" category). The period m used
# by seasonal naive and by MASE's scale is the ts frequency for quarterly (4), monthly (12) and
# hourly (24) series, and 1 for yearly, weekly, daily and "other" ones (as in M4).
# Every series belongs to a group: "tuning" (the first 27: the default forecaster's choice rule,
# core/train/choice.ts, was tuned on them), "holdout" (added after that tuning and never used for
# it) or "fresh" (added after the defaults were fixed, chosen by the rule written above that section
# without looking at any forecaster's results on them, and never used for tuning); the bench reports
# the groups apart. Keep holdout and fresh series out of any tuning experiment.
suppressPackageStartupMessages({
  library(forecast)
  library(jsonlite)
})

out_dir <- "bench/quality"
series_dir <- file.path(out_dir, "series")
dir.create(series_dir, showWarnings = FALSE, recursive = TRUE)

# ---- time stamps -------------------------------------------------------------------------------
iso_ts <- function(x) {
  # monthly, quarterly and yearly ts: the first day of the period
  tt <- time(x)
  f <- frequency(x)
  year <- floor(round(tt * f) / f + 1e-9)
  cyc <- round((tt - year) * f) + 1
  month <- if (f == 12) cyc else if (f == 4) (cyc - 1) * 3 + 1 else rep(1, length(tt))
  sprintf("%04d-%02d-01", as.integer(year), as.integer(month))
}
weekdays_from <- function(start, n) {
  d <- seq(as.Date(start), by = "day", length.out = ceiling(n * 7 / 5) + 14)
  d <- d[!(format(d, "%u") %in% c("6", "7"))]
  format(d[seq_len(n)], "%Y-%m-%d")
}
stamps <- function(start, n, by) format(seq(as.POSIXct(start, tz = "UTC"), by = by, length.out = n), "%Y-%m-%dT%H:%M:%SZ", tz = "UTC")

# ---- the R documentation's \source section ------------------------------------------------------
rd_dbs <- list(datasets = tools::Rd_db("datasets"), forecast = tools::Rd_db("forecast"),
               AER = tools::Rd_db("AER"), tseries = tools::Rd_db("tseries"))
rd_text <- function(pkg, topic, section) {
  db <- rd_dbs[[pkg]]
  for (nm in names(db)) {
    rd <- db[[nm]]
    aliases <- unlist(lapply(rd[sapply(rd, attr, "Rd_tag") == "\\alias"], as.character))
    if (topic %in% aliases) {
      sec <- tools:::.Rd_get_section(rd, section)
      if (length(sec) == 0) return("")
      txt <- capture.output(tools::Rd2txt(sec, fragment = TRUE, options = list(underline_titles = FALSE)))
      txt <- paste(trimws(txt), collapse = " ")
      return(trimws(gsub("\\s+", " ", gsub("_", "", txt))))
    }
  }
  ""
}
pkg_licence <- function(pkg) {
  d <- packageDescription(pkg)
  lic <- if (grepl("^Part of R", d$License)) "GPL-2 | GPL-3, as part of R" else d$License
  sprintf("R package %s %s: %s", pkg, d$Version, lic)
}

manifest <- list()
add <- function(name, time, value, frequency, period, horizon, origin, pkg = NULL, topic = NULL,
                citation = NULL, licence = NULL, notes = "", group = "tuning") {
  stopifnot(length(time) == length(value), !anyNA(value), !anyNA(time))
  file <- paste0(name, ".csv")
  write.csv(data.frame(time = time, value = as.character(signif(value, 15))),
            file.path(series_dir, file), row.names = FALSE, quote = FALSE)
  if (is.null(citation)) citation <- rd_text(pkg, topic, "source")
  if (!nzchar(citation)) citation <- sprintf("(the R documentation has no \\source section; its description reads: \"%s\")", rd_text(pkg, topic, "description"))
  if (is.null(licence)) licence <- pkg_licence(pkg)
  title <- if (!is.null(pkg)) rd_text(pkg, topic, "title") else ""
  manifest[[length(manifest) + 1]] <<- list(
    name = name, group = group, file = file.path("series", file), frequency = frequency, period = period,
    horizon = horizon, n = length(value), start = time[1], end = time[length(time)],
    origin = origin, title = title, citation = citation, licence = licence, notes = notes)
}
from_ts <- function(name, x, frequency, period, horizon, pkg, topic = name, notes = "", group = "tuning", origin = NULL) {
  if (is.null(origin)) origin <- sprintf("R package %s, dataset %s", pkg, topic)
  add(name, iso_ts(x), as.numeric(x), frequency, period, horizon, origin, pkg, topic, notes = notes, group = group)
}
# the last n points of a ts, still a ts (same frequency, same end)
last_ts <- function(x, n) ts(as.numeric(x)[(length(x) - n + 1):length(x)], end = end(x), frequency = frequency(x))

# ---- yearly (h = 6, m = 1) ----------------------------------------------------------------------
from_ts("Nile", Nile, "yearly", 1, 6, "datasets")
from_ts("lynx", lynx, "yearly", 1, 6, "datasets")
from_ts("LakeHuron", LakeHuron, "yearly", 1, 6, "datasets")
from_ts("sunspot.year", sunspot.year, "yearly", 1, 6, "datasets")
from_ts("airmiles", airmiles, "yearly", 1, 6, "datasets", notes = "24 points: a short-series test (18 for fitting).")

# ---- quarterly (h = 8, m = 4) -------------------------------------------------------------------
from_ts("UKgas", UKgas, "quarterly", 4, 8, "datasets")
from_ts("JohnsonJohnson", JohnsonJohnson, "quarterly", 4, 8, "datasets")
from_ts("austres", austres, "quarterly", 4, 8, "datasets")
from_ts("woolyrnq", woolyrnq, "quarterly", 4, 8, "forecast")

# ---- monthly (h = 18, m = 12) -------------------------------------------------------------------
from_ts("AirPassengers", AirPassengers, "monthly", 12, 18, "datasets")
from_ts("USAccDeaths", USAccDeaths, "monthly", 12, 18, "datasets")
from_ts("ldeaths", ldeaths, "monthly", 12, 18, "datasets", topic = "ldeaths")
from_ts("mdeaths", mdeaths, "monthly", 12, 18, "datasets", topic = "mdeaths")
from_ts("fdeaths", fdeaths, "monthly", 12, 18, "datasets", topic = "fdeaths")
from_ts("UKDriverDeaths", UKDriverDeaths, "monthly", 12, 18, "datasets")
from_ts("nottem", nottem, "monthly", 12, 18, "datasets")
from_ts("co2", co2, "monthly", 12, 18, "datasets")
from_ts("gas", gas, "monthly", 12, 18, "forecast")
from_ts("wineind", wineind, "monthly", 12, 18, "forecast")

# ---- no calendar frequency (M4 "Other": h = 8, m = 1) -------------------------------------------
add("BJsales", stamps("2000-01-01", length(BJsales), "day"), as.numeric(BJsales), "other", 1, 8,
    "R package datasets, dataset BJsales", "datasets", "BJsales",
    notes = "The source gives no time unit; the time column is a synthetic consecutive-day index from 2000-01-01 (only the spacing is meaningful).")
add("WWWusage", stamps("2000-01-01 00:00:00", length(WWWusage), "min"), as.numeric(WWWusage), "other", 1, 8,
    "R package datasets, dataset WWWusage", "datasets", "WWWusage",
    notes = "One value per minute; the source gives no clock time, so the time column is a synthetic minute index from 2000-01-01T00:00Z.")

# ---- daily (h = 14, m = 1) ----------------------------------------------------------------------
last <- function(v, n) v[(length(v) - n + 1):length(v)]
eu_days <- weekdays_from("1991-07-01", nrow(EuStockMarkets))
eu_notes <- "Last 500 of 1860 business-day closes. The source omits weekends and holidays and gives no dates; the time column assigns consecutive weekdays from 1991-07-01, so calendar dates are approximate (they drift by the number of holidays)."
for (col in c("DAX", "FTSE")) {
  add(paste0("EuStockMarkets-", col), last(eu_days, 500), last(as.numeric(EuStockMarkets[, col]), 500),
      "daily", 1, 14, sprintf("R package datasets, dataset EuStockMarkets, column %s", col), "datasets", "EuStockMarkets",
      notes = eu_notes)
}
g <- as.numeric(gold)
nas <- sum(is.na(g))
g <- as.numeric(na.interp(ts(g)))  # linear interpolation for a non-seasonal series
add("gold", last(weekdays_from("1985-01-01", length(g)), 500), last(g, 500), "daily", 1, 14,
    "R package forecast, dataset gold", "forecast", "gold",
    notes = sprintf("Last 500 of %d daily prices. The documentation gives 1 January 1985 to 31 March 1989, a span of %d weekdays, and no dates; the time column assigns consecutive weekdays from 1985-01-01 (ending %s), so dates may be a day off. The source has %d missing values (%d within the last 500), filled by forecast::na.interp (linear interpolation).",
                    length(g), sum(!(format(seq(as.Date("1985-01-01"), as.Date("1989-03-31"), by = "day"), "%u") %in% c("6", "7"))),
                    weekdays_from("1985-01-01", length(g))[length(g)], nas, sum(is.na(last(as.numeric(gold), 500)))))

# ---- hourly (h = 48, m = 24) --------------------------------------------------------------------
tv <- as.numeric(taylor)
hourly <- (tv[seq(1, length(tv), 2)] + tv[seq(2, length(tv), 2)]) / 2
add("taylor-hourly", last(stamps("2000-06-05 00:00:00", length(hourly), "hour"), 720), last(hourly, 720), "hourly", 24, 48,
    "R package forecast, dataset taylor", "forecast", "taylor",
    notes = "Half-hourly demand averaged over each hour (mean of the two half-hours), last 720 hours (30 days, to 2000-08-27 23:00). The source starts on Monday 2000-06-05; the clock times assume its first value is 00:00-00:30.")

# ---- the samples shipped with the app ------------------------------------------------------------
co2s <- read.csv("resources/samples/co2-concentration.csv", check.names = FALSE)
# the file skips some early months; keep the regular monthly run after the last gap
cd <- as.Date(co2s$Date)
mon <- as.integer(format(cd, "%Y")) * 12 + as.integer(format(cd, "%m"))
gap_after <- which(diff(mon) != 1)
missing <- unlist(lapply(gap_after, function(i) format(seq(cd[i], by = "month", length.out = mon[i + 1] - mon[i] + 1)[-c(1, mon[i + 1] - mon[i] + 1)], "%Y-%m")))
keep <- seq_along(cd) > max(gap_after)
add("sample-co2", co2s$Date[keep], co2s$CO2[keep], "monthly", 12, 18,
    "resources/samples/co2-concentration.csv, column CO2",
    citation = "Scripps CO2 Program, https://scrippsco2.ucsd.edu/data/atmospheric_co2/primary_mlo_co2_record (Mauna Loa monthly CO2, ppm), via the vega-datasets npm package 3.2.1; see resources/samples/README.md",
    licence = "CC BY 4.0 (Scripps CO2 Program, Scripps Institution of Oceanography, UC San Diego)",
    notes = sprintf("Rows from %s on (%d of %d): the file has no row for %s, and the benchmark needs a regular monthly index.", co2s$Date[keep][1], sum(keep), nrow(co2s), paste(missing, collapse = ", ")))
sw <- read.csv("resources/samples/seattle-weather.csv")
add("sample-seattle-temp_max", sw$date, sw$temp_max, "daily", 1, 14,
    "resources/samples/seattle-weather.csv, column temp_max",
    citation = "NOAA National Climatic Data Center, https://www.ncdc.noaa.gov/cdo-web/datatools/records, via the vega-datasets npm package 3.2.1; see resources/samples/README.md",
    licence = "U.S. Government work, public domain",
    notes = "All 1461 days, 2012-01-01 to 2015-12-31, daily maximum temperature in degrees C.")

# ---- holdout group: added after the choice rule was tuned, never used for tuning ----------------
H <- "holdout"
from_ts("nhtemp", nhtemp, "yearly", 1, 6, "datasets", group = H)
from_ts("discoveries", discoveries, "yearly", 1, 6, "datasets", group = H)
from_ts("treering", last_ts(treering, 600), "yearly", 1, 6, "datasets", group = H,
        notes = sprintf("Last 600 of %d yearly ring widths (%d to %d).", length(treering), end(treering)[1] - 599, end(treering)[1]))
from_ts("uspop", uspop, "yearly", 1, 6, "datasets", group = H,
        notes = "One value per decennial census (1790 to 1970, every 10 years), scored with the yearly protocol (h = 6, i.e. 60 years held out; 13 points for fitting): a short-series test. The time column is the census year.")
from_ts("freeny.y", freeny.y, "quarterly", 4, 8, "datasets", topic = "freeny", group = H,
        origin = "R package datasets, dataset freeny, series freeny.y")
for (col in c("front", "rear", "kms", "PetrolPrice")) {
  from_ts(paste0("Seatbelts-", col), Seatbelts[, col], "monthly", 12, 18, "datasets", topic = "Seatbelts", group = H,
          origin = sprintf("R package datasets, dataset Seatbelts, column %s", col),
          notes = if (col %in% c("front", "rear")) "Same months as the tuning group's UKDriverDeaths (Seatbelts' drivers column) and shaped by the same January 1983 seat-belt law, so not independent of it." else "")
}
for (col in c("DriversKilled", "VanKilled")) {
  from_ts(paste0("Seatbelts-", col), Seatbelts[, col], "monthly", 12, 18, "datasets", topic = "Seatbelts", group = H,
          origin = sprintf("R package datasets, dataset Seatbelts, column %s", col),
          notes = paste("Added for the multi-series groups (the Seatbelts group below holds every count column of Seatbelts).",
                        if (col == "DriversKilled") "Drivers killed: a part of the drivers column (killed or seriously injured, the tuning group's UKDriverDeaths)." else "Drivers of light goods vehicles killed; small counts (2 to 17)."))
}
from_ts("sunspot.month", last_ts(sunspot.month, 600), "monthly", 12, 18, "datasets", group = H,
        notes = sprintf("Last 600 of %d monthly means (%s to %s). m = 12 by the M4 convention for monthly series, though sunspots have no yearly season.",
                        length(sunspot.month), iso_ts(last_ts(sunspot.month, 600))[1], tail(iso_ts(sunspot.month), 1)))
for (col in c("SMI", "CAC")) {
  add(paste0("EuStockMarkets-", col), last(eu_days, 500), last(as.numeric(EuStockMarkets[, col]), 500),
      "daily", 1, 14, sprintf("R package datasets, dataset EuStockMarkets, column %s", col), "datasets", "EuStockMarkets", group = H,
      notes = eu_notes)
}
add("lh", stamps("2000-01-01 00:00:00", length(lh), "10 min"), as.numeric(lh), "other", 1, 8,
    "R package datasets, dataset lh", "datasets", "lh", group = H,
    notes = "One blood sample every 10 minutes; the source gives no clock time, so the time column is a synthetic 10-minute index from 2000-01-01T00:00Z.")
add("BJsales.lead", stamps("2000-01-01", length(BJsales.lead), "day"), as.numeric(BJsales.lead), "other", 1, 8,
    "R package datasets, dataset BJsales, series BJsales.lead", "datasets", "BJsales.lead", group = H,
    notes = "The leading indicator of BJsales (the tuning group's BJsales is the sales series itself). The source gives no time unit; the time column is a synthetic consecutive-day index from 2000-01-01 (only the spacing is meaningful).")

# ---- fresh group: added after the defaults were fixed, never used for tuning ---------------------
# Chosen by the rule below from what the series are and the quality of their data only, before any
# forecaster (the workbench's or R's) was run on them; do not add, drop or swap a fresh series for
# how a forecaster does on it.
# 1. The pool: every time series of the R packages AER and tseries (R's datasets and forecast
#    packages have none left: the bench holds their genuine time series but presidents, which has
#    missing values inside, and sunspots, the same counts as sunspot.month), datasets in the
#    packages' order, the columns of a dataset in its documentation's order.
# 2. Out of the pool, by their nature or data:
#    - fewer than 40 points left for fitting once the last h are held out: BenderlyZwick (also
#      missing values), ChinaIncome, KleinI, Longley, ManufactCosts, TechChange, TradeCredit,
#      USConsump1950, USConsump1979, USConsump1993 (38), USGasB, USGasG, USInvest;
#    - missing values inside the kept stretch (leading ones are dropped, as in NelPlo and USMacroSWM;
#      no series of the pool has one inside);
#    - returns, growth rates, spreads and other series computed from a series of the pool, and
#      seasonally adjusted twins of a raw series: MarkPound and MarkDollar (returns), USStocksSW's
#      returns, USMacroG's inflation and interest (from cpi and tbill), GermanUnemployment's and
#      USProdIndex's adjusted columns, NelPlo's real.wages (nom.wages less cpi, to 2e-4);
#    - interpolated rather than measured: USMacroG's population;
#    - mostly exact zeros (sMAPE is undefined where actual and forecast are both 0): FrozenJuice's
#      fdd, USMacroSWM's oil, ice.river's prec;
#    - a frequency with no M4 horizon: DutchAdvert (13 four-weekly periods a year);
#    - no dates and a span that synthetic business-day dates would misplace by more than a year:
#      tcmd (38 years of business days less holidays);
#    - the same quantity at the same frequency as a series of the bench, or of a longer record in
#      the pool (the longer kept): GoldSilver's gold (the bench's gold), camp (bristlecone pine ring
#      widths of the same mountains and centuries as treering), MotorCycles (in MotorCycles2), US
#      real GDP or GNP quarterly (USMacroSWQ's gdp kept; USMacroG's gdp, USMacroB's and
#      OrangeCounty's gnp and USeconomic's GNP out), the 3-month T-bill rate quarterly (USMacroSWQ's
#      kept; USMacroB's, USMacroG's, USMacroSW's tbill and USeconomic's rs out), the CPI and the
#      unemployment rate quarterly (USMacroG's kept, USMacroSW's out), nominal M1 quarterly
#      (USMacroG's kept, USMoney's out). The same quantity at another frequency stays (DJFranses
#      weekly and DJIA8012 daily, both the Dow Jones index, over spans that do not meet once cut).
# 3. The pick: per frequency, the first eligible series of every dataset; a frequency with fewer
#    than 8 series then takes the second eligible series of each dataset that has one, then the
#    third, and so on (datasets in pool order), until it has 8 or its pool is spent. So no dataset
#    gives two series of a frequency before every dataset of that frequency has given one.
# Conventions as above: iso_ts time stamps for yearly, quarterly and monthly ts; a series longer than
# 600 points keeps its last 600 (as treering and sunspot.month) and a daily one its last 500 (as
# EuStockMarkets and gold). Weekly (h = 13, m = 1) and daily (h = 14, m = 1) series carry dates.
FR <- "fresh"
FR_H <- c(yearly = 6, quarterly = 8, monthly = 18, weekly = 13, daily = 14)
FR_M <- c(yearly = 1, quarterly = 4, monthly = 12, weekly = 1, daily = 1)
pkg_data <- function(pkg, name) { e <- new.env(); data(list = name, package = pkg, envir = e); get(name, envir = e) }
# the source section and, where the documentation has one, its references (AER's sources often
# read "Online complements to Franses (1998)." and the book is named under references)
rd_citation <- function(pkg, topic) {
  src <- rd_text(pkg, topic, "source")
  refs <- rd_text(pkg, topic, "references")
  if (nzchar(refs)) paste0(src, if (grepl("[.]$", src)) "" else ".", " References: ", refs) else src
}
pool <- list()
# x: a ts (yearly, quarterly, monthly: time stamps by iso_ts) or the values, with `time` beside them
eligible <- function(name, x, frequency, pkg, topic, column = NULL, time = NULL, notes = character(), series = NULL) {
  what <- if (!is.null(column)) sprintf(", column %s", column) else if (!is.null(series)) sprintf(", series %s", series) else ""
  pool[[length(pool) + 1]] <<- list(name = name, x = x, time = time, frequency = frequency, pkg = pkg, topic = topic,
                                    origin = sprintf("R package %s, dataset %s%s", pkg, topic, what), notes = notes)
}
# the values from the first non-missing one on (no missing value may follow)
from_first <- function(x) {
  ok <- which(!is.na(x))
  y <- ts(as.numeric(x)[ok[1]:length(x)], end = end(x), frequency = frequency(x))
  stopifnot(!anyNA(y))
  y
}
col_of <- function(x, col) ts(as.numeric(x[, col]), start = start(x), frequency = frequency(x))
weeks_from <- function(start, n) format(seq(as.Date(start), by = "week", length.out = n), "%Y-%m-%d")
zoo_dates <- function(z) format(zoo::index(z), "%Y-%m-%d")

# -- AER (datasets in the package's order)
ArgentinaCPI <- pkg_data("AER", "ArgentinaCPI")
eligible("ArgentinaCPI", ArgentinaCPI, "quarterly", "AER", "ArgentinaCPI")
eligible("BondYield", pkg_data("AER", "BondYield"), "monthly", "AER", "BondYield")
cg <- pkg_data("AER", "ConsumerGood")
cg_notes <- sprintf("Weekly; the source gives the start as 1989(11) and no dates (its end, 1991(9), is not %d weeks on), so the time column is consecutive weeks from Monday 1989-03-13 (week 11 of 1989) and the dates are approximate.", nrow(cg))
for (col in c("distribution", "share", "price"))
  eligible(paste0("ConsumerGood-", col), as.numeric(cg[, col]), "weekly", "AER", "ConsumerGood", column = col,
           time = weeks_from("1989-03-13", nrow(cg)), notes = cg_notes)
dj <- pkg_data("AER", "DJFranses")
eligible("DJFranses", as.numeric(dj), "weekly", "AER", "DJFranses", time = weeks_from("1980-01-02", length(dj)),
         notes = sprintf("Weekly (weeks from Thursday to Wednesday, the value at the week's end); the source numbers the weeks 1980(1) to 1994(42), 52 a year, and gives no dates, so the time column is consecutive Wednesdays from 1980-01-02 (ending %s) and the dates are approximate.",
                         tail(weeks_from("1980-01-02", length(dj)), 1)))
djia <- pkg_data("AER", "DJIA8012")
eligible("DJIA8012", as.numeric(djia), "daily", "AER", "DJIA8012", time = zoo_dates(djia),
         notes = "Business days as dated in the source (every weekday, holidays included).")
eligible("DutchSales", pkg_data("AER", "DutchSales"), "monthly", "AER", "DutchSales")
fj <- pkg_data("AER", "FrozenJuice")
for (col in c("price", "ppi")) eligible(paste0("FrozenJuice-", col), col_of(fj, col), "monthly", "AER", "FrozenJuice", column = col)
eligible("GermanUnemployment-unadjusted", col_of(pkg_data("AER", "GermanUnemployment"), "unadjusted"), "quarterly", "AER", "GermanUnemployment", column = "unadjusted")
gs <- pkg_data("AER", "GoldSilver")
eligible("GoldSilver-silver", as.numeric(gs[, "silver"]), "daily", "AER", "GoldSilver", column = "silver", time = zoo_dates(gs),
         notes = "Business days as dated in the source (every weekday, holidays included). The gold column is left out: the bench has gold prices (forecast's gold).")
eligible("MotorCycles2", pkg_data("AER", "MotorCycles2"), "yearly", "AER", "MotorCycles2")
msci <- pkg_data("AER", "MSCISwitzerland")
eligible("MSCISwitzerland", as.numeric(msci), "daily", "AER", "MSCISwitzerland", time = zoo_dates(msci),
         notes = "Business days as dated in the source (every weekday, holidays included). A broader index of the Swiss market than the SMI (EuStockMarkets-SMI, holdout group), over other years.")
nyse <- pkg_data("AER", "NYSESW")
eligible("NYSESW", as.numeric(nyse), "daily", "AER", "NYSESW", time = zoo_dates(nyse),
         notes = "Trading days as dated in the source: weekdays, with no row for exchange holidays.")
eligible("OrangeCounty-employment", col_of(pkg_data("AER", "OrangeCounty"), "employment"), "quarterly", "AER", "OrangeCounty", column = "employment")
pp <- pkg_data("AER", "PepperPrice")
for (col in c("black", "white")) eligible(paste0("PepperPrice-", col), col_of(pp, col), "monthly", "AER", "PepperPrice", column = col)
uki <- pkg_data("AER", "UKInflation")
for (col in c("actual", "expected")) eligible(paste0("UKInflation-", col), col_of(uki, col), "quarterly", "AER", "UKInflation", column = col)
eligible("UKNonDurables", pkg_data("AER", "UKNonDurables"), "quarterly", "AER", "UKNonDurables")
eligible("USMacroB-mbase", col_of(pkg_data("AER", "USMacroB"), "mbase"), "quarterly", "AER", "USMacroB", column = "mbase")
umg <- pkg_data("AER", "USMacroG")
for (col in c("consumption", "invest", "government", "dpi", "cpi", "m1", "unemp"))
  eligible(paste0("USMacroG-", col), col_of(umg, col), "quarterly", "AER", "USMacroG", column = col)
usw <- pkg_data("AER", "USMacroSW")
for (col in c("ffrate", "tbond", "gbpusd", "gdpjp")) eligible(paste0("USMacroSW-", col), col_of(usw, col), "quarterly", "AER", "USMacroSW", column = col)
uswm <- pkg_data("AER", "USMacroSWM")
for (col in c("production", "cpi", "expenditure")) eligible(paste0("USMacroSWM-", col), from_first(col_of(uswm, col)), "monthly", "AER", "USMacroSWM", column = col)
uswq <- pkg_data("AER", "USMacroSWQ")
for (col in c("gdp", "tbill")) eligible(paste0("USMacroSWQ-", col), col_of(uswq, col), "quarterly", "AER", "USMacroSWQ", column = col)
usm <- pkg_data("AER", "USMoney")
for (col in c("gnp", "deflator")) eligible(paste0("USMoney-", col), col_of(usm, col), "quarterly", "AER", "USMoney", column = col)
eligible("USProdIndex-unadjusted", col_of(pkg_data("AER", "USProdIndex"), "unadjusted"), "quarterly", "AER", "USProdIndex", column = "unadjusted")
eligible("USStocksSW-dividend", col_of(pkg_data("AER", "USStocksSW"), "dividend"), "monthly", "AER", "USStocksSW", column = "dividend",
         notes = "100 times the log of the dividend yield (the source's definition), so negative.")
# -- tseries (datasets in the package's order)
eligible("bev", pkg_data("tseries", "bev"), "yearly", "tseries", "bev")
ice <- pkg_data("tseries", "ice.river")
ice_days <- format(seq(as.Date("1972-01-01"), as.Date("1974-12-31"), by = "day"), "%Y-%m-%d")
stopifnot(length(ice_days) == nrow(ice))
for (col in c("flow.vat", "flow.jok", "temp"))
  eligible(paste0("ice.river-", col), as.numeric(ice[, col]), "daily", "tseries", "ice.river", series = col, time = ice_days,
           notes = "Calendar days 1972-01-01 to 1974-12-31 as documented (1096 rows; the ts object's frequency of 365 ignores 1972's 29 February).")
np <- pkg_data("tseries", "NelPlo")
for (col in c("cpi", "ip", "gnp.nom", "vel", "emp", "int.rate", "nom.wages", "gnp.def", "money.stock", "gnp.real", "stock.prices", "gnp.capita", "unemp")) {
  x <- from_first(col_of(np, col))
  eligible(paste0("NelPlo-", col), x, "yearly", "tseries", "NelPlo", series = col,
           notes = sprintf("From %d, its first year (NelPlo's columns start in different years; all end in 1988). %s", start(x)[1],
                           if (col == "int.rate") "In percent." else "Natural logarithms, as the package has it (the extended Nelson-Plosser data are logged but for the interest rate; the documentation does not say so)."))
}
nino <- pkg_data("tseries", "nino")
for (col in c("nino3", "nino3.4")) eligible(paste0("nino-", col), col_of(nino, col), "monthly", "tseries", "nino", series = col)
tcm <- pkg_data("tseries", "tcm")
for (col in c("tcm1y", "tcm3y", "tcm5y", "tcm10y")) eligible(paste0("tcm-", col), col_of(tcm, col), "monthly", "tseries", "tcm", series = col)
use <- pkg_data("tseries", "USeconomic")
eligible("USeconomic-M1", col_of(use, "log(M1)"), "quarterly", "tseries", "USeconomic", series = "M1",
         notes = "The natural logarithm of real M1 (1982 dollars, seasonally adjusted): USeconomic's column log(M1).")
eligible("USeconomic-rl", col_of(use, "rl"), "quarterly", "tseries", "USeconomic", series = "rl")

# -- the pick (rule 3), then the series, by frequency and in pool order
stopifnot(!anyDuplicated(sapply(pool, `[[`, "name")))
pool_freq <- sapply(pool, `[[`, "frequency")
pool_set <- sapply(pool, `[[`, "topic")
picked <- character()
for (f in names(FR_H)) {
  sets <- unique(pool_set[pool_freq == f])
  members <- lapply(sets, function(d) which(pool_freq == f & pool_set == d))
  got <- integer()
  for (r in seq_len(max(lengths(members)))) {
    for (m in members) if (length(m) >= r && (r == 1 || length(got) < 8)) got <- c(got, m[r])
    if (length(got) >= 8) break
  }
  picked <- c(picked, sapply(pool[sort(got)], `[[`, "name"))
}
for (p in pool[match(picked, sapply(pool, `[[`, "name"))]) {
  f <- p$frequency
  cut <- if (f == "daily") 500 else 600
  notes <- p$notes
  if (is.null(p$time)) {
    x <- p$x
    if (length(x) > cut) {
      notes <- c(sprintf("Last %d of %d points (%s to %s).", cut, length(x), iso_ts(last_ts(x, cut))[1], tail(iso_ts(x), 1)), notes)
      x <- last_ts(x, cut)
    }
    time <- iso_ts(x)
    value <- as.numeric(x)
  } else {
    time <- p$time
    value <- p$x
    if (length(value) > cut) {
      notes <- c(sprintf("Last %d of %d points (%s to %s).", cut, length(value), last(time, cut)[1], tail(time, 1)), notes)
      time <- last(time, cut)
      value <- last(value, cut)
    }
  }
  add(p$name, time, value, f, FR_M[[f]], FR_H[[f]], p$origin, p$pkg, p$topic,
      citation = rd_citation(p$pkg, p$topic), notes = paste(notes, collapse = " "), group = FR)
}

# ---- multi-series groups (bench/quality/multi/, manifest multi.json) ----------------------------
# Files holding several of the series above, as analysts get them: three of R's multi-series
# datasets as wide files (one column per series, as R's mts prints them), and one long file
# (series,time,value) per calendar frequency holding every series of the bench of that frequency,
# unrelated series with their own spans ("one model across unrelated series"). Every member is a
# series of series.json, with the same values, times, h and m; the bench's global part trains one
# model per file (fw train --global, --melt for a wide file) on the file less each series' last h.
multi_dir <- file.path(out_dir, "multi")
dir.create(multi_dir, showWarnings = FALSE, recursive = TRUE)
groups <- list()
by_name <- function(name) manifest[[which(sapply(manifest, `[[`, "name") == name)]]
read_member <- function(name) read.csv(file.path(out_dir, by_name(name)$file), colClasses = "character")
add_wide <- function(name, members, origin, notes = "") {
  # members: wide column name -> series.json name; every member has the same times
  d <- read_member(members[[1]])
  wide <- data.frame(time = d$time)
  for (col in names(members)) {
    m <- read_member(members[[col]])
    stopifnot(identical(m$time, d$time))
    wide[[col]] <- m$value
  }
  file <- file.path("multi", paste0(name, ".csv"))
  write.csv(wide, file.path(out_dir, file), row.names = FALSE, quote = FALSE)
  groups[[length(groups) + 1]] <<- list(name = name, layout = "wide", file = file, idColumn = NULL,
    members = lapply(names(members), function(col) list(id = col, series = members[[col]])),
    origin = origin, notes = notes)
}
add_long <- function(name, names, origin, notes = "") {
  long <- do.call(rbind, lapply(names, function(n) cbind(series = n, read_member(n))))
  file <- file.path("multi", paste0(name, ".csv"))
  write.csv(long, file.path(out_dir, file), row.names = FALSE, quote = FALSE)
  groups[[length(groups) + 1]] <<- list(name = name, layout = "long", file = file, idColumn = "series",
    members = lapply(names, function(n) list(id = n, series = n)), origin = origin, notes = notes)
}
add_wide("EuStockMarkets", list(DAX = "EuStockMarkets-DAX", SMI = "EuStockMarkets-SMI", CAC = "EuStockMarkets-CAC", FTSE = "EuStockMarkets-FTSE"),
         "R package datasets, dataset EuStockMarkets (all four columns)", notes = eu_notes)
add_wide("Seatbelts", list(DriversKilled = "Seatbelts-DriversKilled", drivers = "UKDriverDeaths", front = "Seatbelts-front", rear = "Seatbelts-rear", VanKilled = "Seatbelts-VanKilled"),
         "R package datasets, dataset Seatbelts (its five count columns)",
         notes = "The count columns only: kms (distance driven), PetrolPrice and the law dummy are covariates, not casualty counts. The drivers column is the tuning group's UKDriverDeaths (the same numbers).")
add_wide("UKLungDeaths", list(ldeaths = "ldeaths", mdeaths = "mdeaths", fdeaths = "fdeaths"),
         "R package datasets, datasets ldeaths, mdeaths, fdeaths (help topic UKLungDeaths)",
         notes = "ldeaths is the sum of mdeaths and fdeaths.")
# the long files hold the tuning and holdout series only (as before the fresh group was added):
# fresh series in them would change the global part's figures and its running time
of_freq <- function(f, except = character()) {
  x <- sapply(manifest, `[[`, "name")[sapply(manifest, `[[`, "frequency") == f & sapply(manifest, `[[`, "group") != "fresh"]
  x[!(x %in% except)]
}
add_long("yearly-all", of_freq("yearly", except = "uspop"), "every yearly series of the bench but uspop",
         notes = "Unrelated series with their own spans (1380 to 1988). uspop is left out: one value per decade, not per year.")
add_long("quarterly-all", of_freq("quarterly"), "every quarterly series of the bench", notes = "Unrelated series with their own spans.")
add_long("monthly-all", of_freq("monthly"), "every monthly series of the bench", notes = "Unrelated series with their own spans (1920 to 2020); it holds the members of Seatbelts and UKLungDeaths too.")
write(toJSON(list(generatedBy = "bench/quality/export-series.R", groups = groups), auto_unbox = TRUE, pretty = TRUE, null = "null"),
      file.path(out_dir, "multi.json"))

# ---- manifest and SOURCES.md --------------------------------------------------------------------
write(toJSON(list(generatedBy = "bench/quality/export-series.R", R = R.version.string,
                  forecast = as.character(packageVersion("forecast")), series = manifest),
             auto_unbox = TRUE, pretty = TRUE), file.path(out_dir, "series.json"))

md <- c("# Quality benchmark series",
        "",
        "Written by `Rscript bench/quality/export-series.R` (do not edit by hand; edit the script).",
        sprintf("Exported with %s, forecast %s, AER %s and tseries %s.", R.version.string, packageVersion("forecast"),
                packageDescription("AER")$Version, packageDescription("tseries")$Version),
        "",
        "Every series is public. Those from R's `datasets` package ship with R (GPL-2 | GPL-3); those from",
        "the `forecast` package (GPL-3), the `AER` package (GPL-2 | GPL-3) and the `tseries` package (GPL-2)",
        "are from the textbooks, papers and data archives their documentation cites. The",
        "numbers themselves are published statistics or measurements from the cited sources; the licence",
        "column names the package that distributes them, under which this repository redistributes them.",
        "",
        "Protocol (M4): the last h points are held out; h = 6 yearly, 8 quarterly, 18 monthly, 13 weekly,",
        "14 daily, 48 hourly, and 8 for series with no calendar frequency (M4's \"Other\" category). m is the",
        "period of seasonal naive and of MASE's in-sample scale: 4 quarterly, 12 monthly, 24 hourly, 1",
        "otherwise (yearly, weekly, daily and other, as in M4). The weekly series are all in the fresh group.",
        "",
        "Groups: `tuning` is the first 27 series, on which the default forecaster's choice rule",
        "(core/train/choice.ts) was tuned, so the defaults' score there is optimistic. `holdout` series were",
        "added after that tuning and must never be used for it. `fresh` series were added after the",
        "defaults were fixed, chosen from the `AER` and `tseries` packages by a rule written in",
        "export-series.R (what the series are and the quality of their data, not how any forecaster does",
        "on them), and must never be used for tuning either. `npm run bench -- --section quality` reports",
        "each group's summary apart and then all series together. The multi-series files below hold",
        "tuning and holdout series only.",
        "")
md <- c(md, "| series | group | frequency | n | m | h | span | origin | licence |", "|---|---|---|---|---|---|---|---|---|")
for (s in manifest) md <- c(md, sprintf("| `%s` | %s | %s | %d | %d | %d | %s .. %s | %s | %s |", s$name, s$group, s$frequency, s$n, s$period, s$horizon, s$start, s$end, s$origin, s$licence))
md <- c(md, "", "## Per series: title, source citation (from the R documentation) and notes", "")
for (s in manifest) {
  md <- c(md, sprintf("### %s", s$name), "")
  if (nzchar(s$title)) md <- c(md, sprintf("- Title: %s", s$title))
  md <- c(md, sprintf("- Origin: %s", s$origin), sprintf("- Source: %s", s$citation),
          sprintf("- Group %s; frequency %s, %d points, m = %d, horizon %d", s$group, s$frequency, s$n, s$period, s$horizon),
          sprintf("- Licence: %s", s$licence))
  if (nzchar(s$notes)) md <- c(md, sprintf("- Notes: %s", s$notes))
  md <- c(md, "")
}
md <- c(md, "## Multi-series files (bench/quality/multi/, manifest multi.json)", "",
        "Each holds series listed above (same values, times, h and m), as one file: the bench's global part",
        "trains one model across a file's series (fw train --global; --melt for a wide file) on the file less",
        "each series' last h, and scores each series as above. Licences: those of the member series.", "",
        "| file | layout | series (id = series) | origin | notes |", "|---|---|---|---|---|")
for (g in groups) md <- c(md, sprintf("| `%s` | %s | %s | %s | %s |", g$file, g$layout,
                                        paste(sapply(g$members, function(m) if (m$id == m$series) sprintf("`%s`", m$id) else sprintf("`%s` = `%s`", m$id, m$series)), collapse = ", "),
                                        g$origin, g$notes))
writeLines(md, file.path(out_dir, "SOURCES.md"))
cat(sprintf("wrote %d series to %s\n", length(manifest), series_dir))
