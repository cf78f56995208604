#!/usr/bin/env Rscript
# R's reference forecasts for the quality benchmark, on exactly the benchmark's train/holdout split:
# for every series in bench/quality/series.json, fit on all but the last h points and forecast h
# ahead with ets(), auto.arima() and thetaf(), plus snaive(), naive() and rwf(drift = TRUE) as
# cross-checks for the harness's metric code. Writes point forecasts, 90 % bounds, fit+forecast
# seconds, and R's own sMAPE and MASE (MASE from forecast::accuracy()) per series and method.
#   Rscript bench/quality/r-reference.R [OUT.json [name,name,...]]
# Defaults: bench/quality/r-reference.json, every series. Run from the repository root.
# To add series without rerunning (and so changing) the committed ones, write them to another file
# and append them with bench/quality/merge-r-reference.mjs.
suppressPackageStartupMessages({
  library(forecast)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
out_file <- if (length(args) >= 1) args[1] else "bench/quality/r-reference.json"
only <- if (length(args) >= 2) strsplit(args[2], ",")[[1]] else NULL
level <- 90

manifest <- fromJSON("bench/quality/series.json", simplifyVector = FALSE)
set.seed(1)

# M4's sMAPE, in percent
smape <- function(y, f) 200 * mean(abs(y - f) / (abs(y) + abs(f)))

methods <- list(
  ets = function(x, h) { fit <- ets(x); list(fc = forecast(fit, h = h, level = level), label = fit$method) },
  arima = function(x, h) { fit <- auto.arima(x); list(fc = forecast(fit, h = h, level = level), label = as.character(fit)) },
  theta = function(x, h) list(fc = thetaf(x, h = h, level = level), label = "thetaf"),
  snaive = function(x, h) list(fc = snaive(x, h = h, level = level), label = "snaive"),
  naive = function(x, h) list(fc = naive(x, h = h, level = level), label = "naive"),
  drift = function(x, h) list(fc = rwf(x, h = h, drift = TRUE, level = level), label = "rwf(drift = TRUE)")
)

out <- list()
for (s in manifest$series) {
  if (!is.null(only) && !(s$name %in% only)) next
  d <- read.csv(file.path("bench/quality", s$file))
  h <- s$horizon
  m <- s$period
  n <- nrow(d)
  train <- ts(d$value[1:(n - h)], frequency = m)
  # the test set must be a ts of the same frequency: accuracy() takes MASE's lag from frequency(x),
  # and a plain vector would scale seasonal series by the lag-1 naive error
  test <- ts(d$value[(n - h + 1):n], start = tsp(train)[2] + 1 / m, frequency = m)
  res <- list()
  for (name in names(methods)) {
    t0 <- proc.time()[["elapsed"]]
    r <- tryCatch(methods[[name]](train, h), error = function(e) e)
    secs <- proc.time()[["elapsed"]] - t0
    if (inherits(r, "error")) {
      res[[name]] <- list(error = conditionMessage(r), seconds = secs)
      next
    }
    f <- as.numeric(r$fc$mean)
    acc <- accuracy(r$fc, test)
    res[[name]] <- list(
      label = r$label, seconds = secs,
      mean = f, lower = as.numeric(r$fc$lower[, 1]), upper = as.numeric(r$fc$upper[, 1]),
      smape = smape(as.numeric(test), f), mase = acc["Test set", "MASE"], mae = acc["Test set", "MAE"],
      trainMase = acc["Training set", "MASE"]
    )
  }
  out[[s$name]] <- list(n = n, h = h, m = m, methods = res)
  cat(sprintf("%-24s %s\n", s$name, paste(sprintf("%s %.3f", names(res), sapply(res, function(x) if (is.null(x$mase)) NA else x$mase)), collapse = "  ")))
}

write(toJSON(list(
  generatedBy = "Rscript bench/quality/r-reference.R",
  R = R.version.string, forecast = as.character(packageVersion("forecast")),
  level = level,
  note = "mean/lower/upper: forecast(fit, h, level = 90) on the first n - h points; smape: 200 * mean(|y - f| / (|y| + |f|)); mase: forecast::accuracy(fc, test)['Test set', 'MASE'] (scale: in-sample MAE of the lag-m naive forecast, m = the series' period); seconds: fit + forecast, elapsed.",
  series = out
), auto_unbox = TRUE, digits = NA, pretty = TRUE), out_file)
cat(sprintf("wrote %s\n", out_file))
