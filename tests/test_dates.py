"""resolve_date: article date words against the publication date, never into the future."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import conflictsum.dates as dates
from conflictsum.dates import night_of, resolve_date
from conflictsum.models import EventDate

MON = date(2024, 2, 5)  # a Monday, the publication date of most cases below
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH_LINE = "January February March April May June July August September October November December"
MONTHS = MONTH_LINE.split()


def d(iso: str) -> date:
    return date.fromisoformat(iso)


# Spans the six other languages' cases share, read on MON.
TODAY = ("2024-02-05", "2024-02-05", "day")
YESTERDAY = ("2024-02-04", "2024-02-04", "day")
SATURDAY = ("2024-02-03", "2024-02-03", "day")
FRIDAY = ("2024-02-02", "2024-02-02", "day")
TUESDAY = ("2024-01-30", "2024-01-30", "day")
LAST_NIGHT = ("2024-02-04", "2024-02-05", "days")
SAT_SUN_NIGHT = ("2024-02-03", "2024-02-04", "days")
SINCE_SATURDAY = ("2024-02-03", "2024-02-05", "days")
SINCE_OCT_7 = ("2023-10-07", "2024-02-05", "year")
LAST_WEEK = ("2024-01-29", "2024-02-04", "week")
THIS_MONTH = ("2024-02-01", "2024-02-05", "month")
JANUARY = ("2024-01-01", "2024-01-31", "month")
YEAR_2023 = ("2023-01-01", "2023-12-31", "year")


def case(expression: str, start: str, end: str, precision: str, *, id: str, published: date = MON):
    return pytest.param(expression, published, (d(start), d(end), precision), id=id)


RESOLVED = [
    # Numeric dates: dotted ones are day-first; a slash reading after publication is out.
    case("04.02.2024", "2024-02-04", "2024-02-04", "day", id="dotted-date-is-day-first"),
    case("4.2.2024", "2024-02-04", "2024-02-04", "day", id="dotted-date-short"),
    case("3/2/2024", "2024-02-03", "2024-02-03", "day", id="slash-other-reading-is-future"),
    case("13/1/2024", "2024-01-13", "2024-01-13", "day", id="slash-day-above-twelve"),
    # Arabic outlets' date words.
    case("يوم الأحد", "2024-02-04", "2024-02-04", "day", id="ar-weekday"),
    case("الأحد الماضي", "2024-02-04", "2024-02-04", "day", id="ar-last-weekday"),
    case("فجر الأحد", "2024-02-04", "2024-02-04", "day", id="ar-dawn-of-weekday"),
    case("بعد ظهر الأحد", "2024-02-04", "2024-02-04", "day", id="ar-afternoon-is-not-after"),
    case("بالأمس", "2024-02-04", "2024-02-04", "day", id="ar-yesterday-prefixed"),
    case("أول أمس", "2024-02-03", "2024-02-03", "day", id="ar-day-before-yesterday"),
    case("الليلة الماضية", "2024-02-04", "2024-02-05", "days", id="ar-last-night"),
    case("ليل السبت - الأحد", "2024-02-03", "2024-02-04", "days", id="ar-night-of-a-to-b"),
    case("ليل السبت الأحد", "2024-02-03", "2024-02-04", "days", id="ar-night-no-dash"),
    case("ليلة الجمعة", "2024-02-01", "2024-02-03", "days", id="ar-night-of-day-either-side"),
    case("٣ شباط ٢٠٢٤", "2024-02-03", "2024-02-03", "day", id="ar-levantine-month-digits"),
    case("الجمعة 2 شباط/فبراير", "2024-02-02", "2024-02-02", "day", id="ar-both-month-names"),
    case("في 28 كانون الثاني", "2024-01-28", "2024-01-28", "day", id="ar-two-word-month"),
    case("الأسبوع الماضي", "2024-01-29", "2024-02-04", "week", id="ar-last-week"),
    case("الشهر الماضي", "2024-01-01", "2024-01-31", "month", id="ar-last-month"),
    case("قبل ثلاثة أيام", "2024-02-02", "2024-02-02", "day", id="ar-days-ago-words"),
    case("قبل 3 أيام", "2024-02-02", "2024-02-02", "day", id="ar-days-ago-digits"),
    case("في آب الماضي", "2023-08-01", "2023-08-31", "month", id="ar-august-short-name"),
    case("منذ 7 أكتوبر", "2023-10-07", "2024-02-05", "year", id="ar-since-date"),
    case("عام 2023 م", "2023-01-01", "2023-12-31", "year", id="ar-gregorian-year-stays"),
    case("منذ يوم السبت", "2024-02-03", "2024-02-05", "days", id="ar-since-weekday"),
    case("منذ يومين", "2024-02-03", "2024-02-03", "day", id="ar-since-before-count-is-ago"),
    case("منذ 3 أيام", "2024-02-02", "2024-02-02", "day", id="ar-since-n-days-is-ago"),
    case("قبل أيام", "2024-01-29", "2024-02-04", "week", id="ar-a-few-days-ago"),
    case("مساء أمس", "2024-02-04", "2024-02-04", "day", id="ar-yesterday-evening"),
    case("أمس الأول", "2024-02-03", "2024-02-03", "day", id="ar-day-before-yesterday-inverted"),
    case("خلال الـ24 ساعة الماضية", "2024-02-04", "2024-02-05", "days", id="ar-past-24-hours"),
    case("وذلك يوم الأحد", "2024-02-04", "2024-02-04", "day", id="ar-and-that-was-is-no-refusal"),
    case("السابع من أكتوبر", "2023-10-07", "2023-10-07", "day", id="ar-ordinal-of-month"),
    case("في الثالث من شباط", "2024-02-03", "2024-02-03", "day", id="ar-ordinal-levantine-month"),
    case("الأول من فبراير", "2024-02-01", "2024-02-01", "day", id="ar-ordinal-first"),
    case("الحادية عشرة من يناير", "2024-01-11", "2024-01-11", "day", id="ar-ordinal-feminine-teen"),
    case("الحادي والعشرين من يناير", "2024-01-21", "2024-01-21", "day", id="ar-ordinal-compound"),
    case("الثلاثين من يناير", "2024-01-30", "2024-01-30", "day", id="ar-ordinal-thirtieth"),
    # French, Spanish, Portuguese, German, Ukrainian and Russian, put into the English words.
    case("samedi", *SATURDAY, id="fr-weekday"),
    case("mardi soir", *TUESDAY, id="fr-weekday-evening"),
    case("lundi matin", "2024-02-05", "2024-02-05", "day", id="fr-weekday-is-publication-day"),
    case("vendredi dernier", *FRIDAY, id="fr-last-weekday"),
    case("lundi dernier", "2024-01-29", "2024-01-29", "day", id="fr-last-weekday-strictly-before"),
    case("dans la nuit de samedi à dimanche", *SAT_SUN_NIGHT, id="fr-night-of-a-to-b"),
    case("dans la nuit de samedi", "2024-02-02", "2024-02-04", "days", id="fr-night-either-side"),
    case("dans la nuit du 3 au 4 février", *SAT_SUN_NIGHT, id="fr-night-of-dated-days"),
    case("aujourd'hui", *TODAY, id="fr-today"),
    case("aujourd’hui", *TODAY, id="fr-today-typographic-apostrophe"),
    case("ce matin", *TODAY, id="fr-this-morning"),
    case("hier", *YESTERDAY, id="fr-yesterday"),
    case("HIER SOIR", *YESTERDAY, id="fr-yesterday-evening-upper-case"),
    case("avant-hier", *SATURDAY, id="fr-day-before-yesterday"),
    case("la nuit dernière", *LAST_NIGHT, id="fr-last-night"),
    case("cette nuit", *LAST_NIGHT, id="fr-this-night-is-last-night"),
    case("dans la nuit", *LAST_NIGHT, id="fr-during-the-night"),
    case("le 3 février 2024", *SATURDAY, id="fr-day-month-year"),
    case("le 1er février", "2024-02-01", "2024-02-01", "day", id="fr-first-of-month"),
    case("le 3", *SATURDAY, id="fr-day-alone"),
    case("en mars", "2023-03-01", "2023-03-31", "month", id="fr-in-march"),
    case("fin janvier", *JANUARY, id="fr-late-month-is-whole-month"),
    case("depuis le 7 octobre", *SINCE_OCT_7, id="fr-since-date"),
    case("depuis samedi", *SINCE_SATURDAY, id="fr-since-weekday"),
    case("il y a trois jours", *FRIDAY, id="fr-days-ago"),
    case("il y a une semaine", "2024-01-26", "2024-02-01", "week", id="fr-a-week-ago"),
    case("la semaine dernière", *LAST_WEEK, id="fr-last-week"),
    case("ce mois-ci", *THIS_MONTH, id="fr-this-month"),
    case("le mois dernier", *JANUARY, id="fr-last-month"),
    case("l'an dernier", *YEAR_2023, id="fr-last-year"),
    case("samedi, veille du Mardi Gras", *SATURDAY, id="fr-mardi-gras-is-no-tuesday"),
    case("la mission Mars 2020, samedi", *SATURDAY, id="fr-mars-is-no-month-before-a-year"),
    case("el martes", *TUESDAY, id="es-weekday"),
    case("el pasado viernes", *FRIDAY, id="es-last-weekday-before"),
    case("el viernes pasado", *FRIDAY, id="es-last-weekday-after"),
    case("la noche del sábado", *SAT_SUN_NIGHT, id="es-night-of-weekday"),
    case("la noche del sábado al domingo", *SAT_SUN_NIGHT, id="es-night-of-a-to-b"),
    case("el sábado por la noche", *SAT_SUN_NIGHT, id="es-weekday-at-night"),
    case("la madrugada del domingo", *YESTERDAY, id="es-small-hours-of-weekday"),
    case("hoy", *TODAY, id="es-today"),
    case("esta mañana", *TODAY, id="es-this-morning-is-no-tomorrow"),
    case("ayer", *YESTERDAY, id="es-yesterday"),
    case("anteayer", *SATURDAY, id="es-day-before-yesterday"),
    case("anoche", *LAST_NIGHT, id="es-last-night"),
    case("3 de febrero de 2024", *SATURDAY, id="es-day-month-year"),
    case("el día 3", *SATURDAY, id="es-day-alone"),
    case("a mediados de enero", *JANUARY, id="es-mid-month"),
    case("desde el 7 de octubre", *SINCE_OCT_7, id="es-since-date"),
    case("desde el sábado", *SINCE_SATURDAY, id="es-since-weekday"),
    case("hace tres días", *FRIDAY, id="es-days-ago"),
    case("hace dos semanas", "2024-01-19", "2024-01-25", "week", id="es-weeks-ago"),
    case("la semana pasada", *LAST_WEEK, id="es-last-week"),
    case("este mes", *THIS_MONTH, id="es-this-month"),
    case("el mes pasado", *JANUARY, id="es-last-month"),
    case("el año pasado", *YEAR_2023, id="es-last-year"),
    case("el viernes en Santo Domingo", *FRIDAY, id="es-santo-domingo-is-no-sunday"),
    case("el viernes, según Julio Borges", *FRIDAY, id="es-julio-alone-is-no-month"),
    case("na terça-feira", *TUESDAY, id="pt-weekday"),
    case("na sexta feira", *FRIDAY, id="pt-weekday-unhyphenated"),
    case("no sábado", *SATURDAY, id="pt-saturday"),
    case("na noite de sábado", *SAT_SUN_NIGHT, id="pt-night-of-weekday"),
    case("hoje", *TODAY, id="pt-today"),
    case("ontem", *YESTERDAY, id="pt-yesterday"),
    case("anteontem", *SATURDAY, id="pt-day-before-yesterday"),
    case("esta noite", *LAST_NIGHT, id="pt-this-night-is-last-night"),
    case("ontem à noite", *LAST_NIGHT, id="pt-yesterday-night"),
    case("3 de fevereiro de 2024", *SATURDAY, id="pt-day-month-year"),
    case("em março", "2023-03-01", "2023-03-31", "month", id="pt-in-march"),
    case("desde 1º de fevereiro", "2024-02-01", "2024-02-05", "days", id="pt-since-ordinal-date"),
    case("há três dias", *FRIDAY, id="pt-days-ago"),
    case("três dias atrás", *FRIDAY, id="pt-days-ago-after"),
    case("a semana passada", *LAST_WEEK, id="pt-last-week"),
    case("no mês passado", *JANUARY, id="pt-last-month"),
    case("na sexta-feira, disse Marco Rubio", *FRIDAY, id="pt-marco-alone-is-no-month"),
    case("am Dienstag", *TUESDAY, id="de-weekday"),
    case("Dienstagabend", *TUESDAY, id="de-weekday-evening-compound"),
    case("am vergangenen Freitag", *FRIDAY, id="de-last-weekday"),
    case("Samstagnacht", *SAT_SUN_NIGHT, id="de-weekday-night-compound"),
    case("in der Nacht zum Sonntag", *SAT_SUN_NIGHT, id="de-night-into-weekday"),
    case("in der Nacht von Samstag auf Sonntag", *SAT_SUN_NIGHT, id="de-night-of-a-to-b"),
    case("in der Nacht zum 4. Februar", *SAT_SUN_NIGHT, id="de-night-into-date"),
    case("in der Nacht", *LAST_NIGHT, id="de-during-the-night"),
    case("vergangene Nacht", *LAST_NIGHT, id="de-last-night"),
    case("heute", *TODAY, id="de-today"),
    case("heute Morgen", *TODAY, id="de-this-morning-is-no-tomorrow"),
    case("gestern", *YESTERDAY, id="de-yesterday"),
    case("gestern Abend", *YESTERDAY, id="de-yesterday-evening"),
    case("vorgestern", *SATURDAY, id="de-day-before-yesterday"),
    case("3. Februar 2024", *SATURDAY, id="de-day-month-year"),
    case("am 3.", *SATURDAY, id="de-day-alone"),
    case("im Mai", "2023-05-01", "2023-05-31", "month", id="de-im-mai"),
    case("Mai 2023", "2023-05-01", "2023-05-31", "month", id="de-mai-and-year"),
    case("im März", "2023-03-01", "2023-03-31", "month", id="de-im-maerz"),
    case("seit dem 7. Oktober", *SINCE_OCT_7, id="de-since-date"),
    case("seit Samstag", *SINCE_SATURDAY, id="de-since-weekday"),
    case("vor drei Tagen", *FRIDAY, id="de-days-ago"),
    case("vor einer Woche", "2024-01-26", "2024-02-01", "week", id="de-a-week-ago"),
    case("letzte Woche", *LAST_WEEK, id="de-last-week"),
    case("diesen Monat", *THIS_MONTH, id="de-this-month"),
    case("im vergangenen Monat", *JANUARY, id="de-last-month"),
    case("у вівторок", *TUESDAY, id="uk-weekday-accusative"),
    case("у пʼятницю", *FRIDAY, id="uk-modifier-letter-apostrophe"),
    case("у п’ятницю", *FRIDAY, id="uk-typographic-apostrophe"),
    case("минулої п'ятниці", *FRIDAY, id="uk-last-weekday-genitive"),
    case("із суботи", *SINCE_SATURDAY, id="uk-since-weekday-genitive"),
    case("в ніч на неділю", *SAT_SUN_NIGHT, id="uk-night-into-weekday"),
    case("в ніч з суботи на неділю", *SAT_SUN_NIGHT, id="uk-night-of-a-to-b"),
    case("в ніч на 4 лютого", *SAT_SUN_NIGHT, id="uk-night-into-date"),
    case("вночі", *LAST_NIGHT, id="uk-overnight"),
    case("минулої ночі", *LAST_NIGHT, id="uk-last-night"),
    case("цієї ночі", *LAST_NIGHT, id="uk-this-night-is-last-night"),
    case("сьогодні", *TODAY, id="uk-today"),
    case("вчора", *YESTERDAY, id="uk-yesterday"),
    case("учора ввечері", *YESTERDAY, id="uk-yesterday-evening"),
    case("позавчора", *SATURDAY, id="uk-day-before-yesterday"),
    case("3 лютого 2024 року", *SATURDAY, id="uk-day-month-year"),
    case("3-го числа", *SATURDAY, id="uk-day-alone"),
    case("у лютому", *THIS_MONTH, id="uk-in-month-locative"),
    case("з 1 лютого", "2024-02-01", "2024-02-05", "days", id="uk-since-date"),
    case("три дні тому", *FRIDAY, id="uk-days-ago"),
    case("тиждень тому", "2024-01-26", "2024-02-01", "week", id="uk-a-week-ago"),
    case("минулого тижня", *LAST_WEEK, id="uk-last-week"),
    case("цього місяця", *THIS_MONTH, id="uk-this-month"),
    case("минулого місяця", *JANUARY, id="uk-last-month"),
    case("минулого року", *YEAR_2023, id="uk-last-year"),
    case("5-го батальйону у вівторок", *TUESDAY, id="uk-ordinal-unit-is-no-date"),
    case("во вторник", *TUESDAY, id="ru-weekday"),
    case("в прошлую пятницу", *FRIDAY, id="ru-last-weekday"),
    case("в ночь на вторник", "2024-01-29", "2024-01-30", "days", id="ru-night-into-weekday"),
    case("в ночь с субботы на воскресенье", *SAT_SUN_NIGHT, id="ru-night-of-a-to-b"),
    case("в ночь на 4 февраля", *SAT_SUN_NIGHT, id="ru-night-into-date"),
    case("ночью", *LAST_NIGHT, id="ru-at-night"),
    case("прошлой ночью", *LAST_NIGHT, id="ru-last-night"),
    case("этой ночью", *LAST_NIGHT, id="ru-this-night-is-last-night"),
    case("сегодня", *TODAY, id="ru-today"),
    case("вчера вечером", *YESTERDAY, id="ru-yesterday-evening"),
    case("позавчера", *SATURDAY, id="ru-day-before-yesterday"),
    case("3 февраля 2024 года", *SATURDAY, id="ru-day-month-year"),
    case("в январе", *JANUARY, id="ru-in-month-locative"),
    case("в январе 2023 года", "2023-01-01", "2023-01-31", "month", id="ru-month-year"),
    case("с субботы", *SINCE_SATURDAY, id="ru-since-weekday-genitive"),
    case("с 1 февраля", "2024-02-01", "2024-02-05", "days", id="ru-since-date"),
    case("три дня назад", *FRIDAY, id="ru-days-ago"),
    case("неделю назад", "2024-01-26", "2024-02-01", "week", id="ru-a-week-ago"),
    case("на прошлой неделе", *LAST_WEEK, id="ru-last-week"),
    case("в этом месяце", *THIS_MONTH, id="ru-this-month"),
    case("в прошлом месяце", *JANUARY, id="ru-last-month"),
    # Periods up to publication, and named weeks.
    case("since Friday", "2024-02-02", "2024-02-05", "days", id="since-weekday"),
    case("since October 7", "2023-10-07", "2024-02-05", "year", id="since-month-day"),
    case("since Sunday's strike", "2024-02-04", "2024-02-05", "days", id="since-possessive"),
    case("in the week of January 22", "2024-01-22", "2024-01-28", "week", id="week-of-day"),
    case("the week beginning 29 January", "2024-01-29", "2024-02-04", "week", id="week-beginning"),
    case("a fortnight ago", "2024-01-19", "2024-01-25", "week", id="fortnight-ago"),
    # Weekdays: the latest such day on or before publication.
    case(
        "Monday", "2024-02-05", "2024-02-05", "day", id="weekday-equal-to-publication-is-that-day"
    ),
    case("on Friday", "2024-02-02", "2024-02-02", "day", id="on-weekday"),
    case("this Tuesday", "2024-01-30", "2024-01-30", "day", id="this-weekday-on-or-before"),
    case("Sunday morning", "2024-02-04", "2024-02-04", "day", id="weekday-morning"),
    case("late on Sunday", "2024-02-04", "2024-02-04", "day", id="late-on-weekday"),
    case("in the early hours of Sunday", "2024-02-04", "2024-02-04", "day", id="early-hours"),
    case("SATURDAY evening", "2024-02-03", "2024-02-03", "day", id="case-insensitive"),
    case("last Friday", "2024-02-02", "2024-02-02", "day", id="last-weekday"),
    case("last Monday", "2024-01-29", "2024-01-29", "day", id="last-weekday-is-strictly-before"),
    case("the previous Monday", "2024-01-29", "2024-01-29", "day", id="previous-weekday"),
    case("Friday before last", "2024-01-26", "2024-01-26", "day", id="weekday-before-last"),
    case("Tuesday last week", "2024-01-30", "2024-01-30", "day", id="weekday-last-week"),
    case("last week's Thursday", "2024-02-01", "2024-02-01", "day", id="last-weeks-weekday"),
    case("Sunday's drone strike", "2024-02-04", "2024-02-04", "day", id="possessive-weekday"),
    case("on Friday began striking", "2024-02-02", "2024-02-02", "day", id="sentence-fragment"),
    case(
        "Wednesday",
        "2023-12-27",
        "2023-12-27",
        "day",
        published=d("2024-01-02"),
        id="weekday-across-new-year",
    ),
    # Day offsets from publication.
    case("today", "2024-02-05", "2024-02-05", "day", id="today"),
    case("earlier today", "2024-02-05", "2024-02-05", "day", id="earlier-today"),
    case("this morning", "2024-02-05", "2024-02-05", "day", id="this-morning"),
    case("tonight", "2024-02-05", "2024-02-05", "day", id="tonight-is-publication-day"),
    case("yesterday", "2024-02-04", "2024-02-04", "day", id="yesterday"),
    case("Yesterday (Sunday)", "2024-02-04", "2024-02-04", "day", id="yesterday-with-its-weekday"),
    case("the day before", "2024-02-04", "2024-02-04", "day", id="the-day-before"),
    case("the previous day", "2024-02-04", "2024-02-04", "day", id="the-previous-day"),
    case("the day before yesterday", "2024-02-03", "2024-02-03", "day", id="day-before-yesterday"),
    case("two days ago", "2024-02-03", "2024-02-03", "day", id="days-ago-in-words"),
    case("3 days earlier", "2024-02-02", "2024-02-02", "day", id="days-earlier-in-digits"),
    case("thirteen days ago", "2024-01-23", "2024-01-23", "day", id="teen-days-ago"),
    case("sixteen hours ago", "2024-02-04", "2024-02-05", "days", id="teen-hours-ago"),
    case("a day earlier", "2024-02-04", "2024-02-04", "day", id="a-day-earlier"),
    case(
        "the day before yesterday",
        "2023-12-30",
        "2023-12-30",
        "day",
        published=d("2024-01-01"),
        id="day-offset-across-new-year",
    ),
    # Nights span two dates and never end after publication.
    case("the previous night", "2024-02-04", "2024-02-05", "days", id="previous-night-two-dates"),
    case("last night", "2024-02-04", "2024-02-05", "days", id="last-night"),
    case("late last night", "2024-02-04", "2024-02-05", "days", id="late-last-night"),
    case("overnight", "2024-02-04", "2024-02-05", "days", id="overnight"),
    case("during the night", "2024-02-04", "2024-02-05", "days", id="during-the-night"),
    case("the night before", "2024-02-04", "2024-02-05", "days", id="the-night-before"),
    case("the previous night. Syria", "2024-02-04", "2024-02-05", "days", id="night-with-tail"),
    case("the night before last", "2024-02-03", "2024-02-04", "days", id="night-before-last"),
    case("two nights ago", "2024-02-03", "2024-02-04", "days", id="nights-ago"),
    case("Sunday night", "2024-02-04", "2024-02-05", "days", id="weekday-night"),
    case("on Saturday night", "2024-02-03", "2024-02-04", "days", id="on-weekday-night"),
    case("last Sunday night", "2024-02-04", "2024-02-05", "days", id="last-weekday-night"),
    case(
        "Monday night",
        "2024-02-05",
        "2024-02-05",
        "day",
        id="night-starting-on-publication-day-is-that-day",
    ),
    case(
        "the night of Saturday to Sunday", "2024-02-03", "2024-02-04", "days", id="night-of-a-to-b"
    ),
    case("Saturday-Sunday night", "2024-02-03", "2024-02-04", "days", id="a-b-night"),
    case("overnight Sunday into Monday", "2024-02-04", "2024-02-05", "days", id="overnight-a-b"),
    case("overnight into Sunday", "2024-02-03", "2024-02-04", "days", id="overnight-into-weekday"),
    case("overnight Saturday", "2024-02-02", "2024-02-04", "days", id="overnight-weekday-both"),
    case(
        "Saturday night into Sunday", "2024-02-03", "2024-02-04", "days", id="night-into-next-day"
    ),
    case("on the night of January 28", "2024-01-28", "2024-01-29", "days", id="night-of-month-day"),
    case(
        "Sunday night, January 28", "2024-01-28", "2024-01-29", "days", id="weekday-night-and-date"
    ),
    case("overnight on January 28", "2024-01-27", "2024-01-29", "days", id="overnight-on-date"),
    case("overnight into Feb. 5", "2024-02-04", "2024-02-05", "days", id="overnight-into-date"),
    case("overnight to 5 February", "2024-02-04", "2024-02-05", "days", id="overnight-to-date"),
    case("overnight on Feb. 3", "2024-02-02", "2024-02-04", "days", id="overnight-on-recent-date"),
    case("overnight Feb. 3-4", "2024-02-03", "2024-02-04", "days", id="overnight-day-range"),
    case("the night of 3/4 February", "2024-02-03", "2024-02-04", "days", id="night-of-d/d-month"),
    case("on 3/4 February", "2024-02-03", "2024-02-04", "days", id="slashed-days-month"),
    case("Jan 5/6", "2024-01-05", "2024-01-06", "days", id="month-slashed-days"),
    # Month and day.
    case("January 28", "2024-01-28", "2024-01-28", "day", id="month-day"),
    case("28 January", "2024-01-28", "2024-01-28", "day", id="day-month"),
    case("Jan. 28", "2024-01-28", "2024-01-28", "day", id="abbreviated-month-with-dot"),
    case("Feb. 3", "2024-02-03", "2024-02-03", "day", id="feb-dot"),
    case("February 3rd", "2024-02-03", "2024-02-03", "day", id="ordinal-day"),
    case("on 3 Feb", "2024-02-03", "2024-02-03", "day", id="on-day-abbreviated-month"),
    case("the 3rd of February", "2024-02-03", "2024-02-03", "day", id="day-of-month"),
    case("on the third of February", "2024-02-03", "2024-02-03", "day", id="ordinal-word-of-month"),
    case("the twenty-first of Jan.", "2024-01-21", "2024-01-21", "day", id="compound-ordinal-word"),
    case(
        "the fifth of last month",
        "2024-01-05",
        "2024-01-05",
        "day",
        id="ordinal-word-of-last-month",
    ),
    case("on the 3rd", "2024-02-03", "2024-02-03", "day", id="ordinal-day-alone"),
    case("28-Jan-2024", "2024-01-28", "2024-01-28", "day", id="day-month-year-with-hyphens"),
    case("on 28/1", "2024-01-28", "2024-01-28", "day", id="yearless-day-slash-month"),
    case("Sunday 28/1/24", "2024-01-28", "2024-01-28", "day", id="two-digit-year"),
    case("the day prior", "2024-02-04", "2024-02-04", "day", id="the-day-prior"),
    case("a week ago today", "2024-01-29", "2024-01-29", "day", id="a-week-ago-today"),
    case("a week ago Sunday", "2024-01-28", "2024-01-28", "day", id="a-week-ago-weekday"),
    case("a year ago today", "2023-02-05", "2023-02-05", "day", id="a-year-ago-today"),
    case("two weeks ago today", "2024-01-22", "2024-01-22", "day", id="two-weeks-ago-today"),
    case("a month ago today", "2024-01-05", "2024-01-05", "day", id="a-month-ago-today"),
    case(
        "two years ago today",
        "2022-02-24",
        "2022-02-24",
        "day",
        published=d("2024-02-24"),
        id="anniversary-years-ago-today",
    ),
    case(
        "a year ago, on October 7",
        "2023-10-07",
        "2023-10-07",
        "day",
        published=d("2024-10-08"),
        id="anniversary-year-ago-on-date",
    ),
    case("six months ago", "2023-07-21", "2023-08-20", "month", id="months-ago-month-around"),
    case("a year ago", "2023-01-21", "2023-02-20", "month", id="a-year-ago-month-around"),
    case("the 30th", "2024-01-30", "2024-01-30", "day", id="ordinal-day-alone-last-month"),
    case("Saturday the 3rd", "2024-02-03", "2024-02-03", "day", id="weekday-and-ordinal-day"),
    case("on the 3rd, troops", "2024-02-03", "2024-02-03", "day", id="ordinal-day-then-comma"),
    case("on the 3rd at 3 pm", "2024-02-03", "2024-02-03", "day", id="ordinal-day-then-time"),
    case("on the 3rd and 4th", "2024-02-03", "2024-02-04", "days", id="ordinal-day-and-day"),
    case("on the 5th of last month", "2024-01-05", "2024-01-05", "day", id="ordinal-of-last-month"),
    case("the 3rd of this month", "2024-02-03", "2024-02-03", "day", id="ordinal-of-this-month"),
    case(
        "the 3rd Assault Brigade said on Tuesday",
        "2024-01-30",
        "2024-01-30",
        "day",
        id="ordinal-unit-beside-a-date",
    ),
    case(
        "on the 31st",
        "2024-01-31",
        "2024-01-31",
        "day",
        published=d("2024-03-06"),
        id="ordinal-day-skips-a-short-month",
    ),
    case("Sept. 11", "2023-09-11", "2023-09-11", "day", id="sept-abbreviation"),
    case("October 7", "2023-10-07", "2023-10-07", "day", id="yearless-date-last-year"),
    case("Jan 28, 2024", "2024-01-28", "2024-01-28", "day", id="month-day-comma-year"),
    case("28 January 2024", "2024-01-28", "2024-01-28", "day", id="day-month-year"),
    case("January 28th, 2024", "2024-01-28", "2024-01-28", "day", id="ordinal-comma-year"),
    case("Oct 7 2023", "2023-10-07", "2023-10-07", "day", id="explicit-earlier-year"),
    case("7 October last year", "2023-10-07", "2023-10-07", "day", id="date-last-year"),
    case("Sunday, January 28", "2024-01-28", "2024-01-28", "day", id="weekday-and-matching-date"),
    case("Thursday (Feb 1)", "2024-02-01", "2024-02-01", "day", id="weekday-bracketed-date"),
    case(
        "December 30",
        "2023-12-30",
        "2023-12-30",
        "day",
        published=d("2024-01-03"),
        id="new-year-rollover",
    ),
    case(
        "January 3",
        "2024-01-03",
        "2024-01-03",
        "day",
        published=d("2024-01-03"),
        id="month-day-equal-to-publication",
    ),
    case(
        "February 29",
        "2024-02-29",
        "2024-02-29",
        "day",
        published=d("2025-03-01"),
        id="leap-day-in-latest-leap-year",
    ),
    case("January 28-30", "2024-01-28", "2024-01-30", "days", id="month-day-range"),
    case("between 28 and 30 January", "2024-01-28", "2024-01-30", "days", id="between-days"),
    case("on February 2 and 3", "2024-02-02", "2024-02-03", "days", id="month-day-and-day"),
    case(
        "on January 28 and 29 soldiers died",
        "2024-01-28",
        "2024-01-28",
        "day",
        id="and-number-is-not-a-range",
    ),
    case("Feb. 1, 2 and 3", "2024-02-01", "2024-02-03", "days", id="month-list-of-days"),
    case("on 1, 2 and 3 February", "2024-02-01", "2024-02-03", "days", id="list-of-days-month"),
    case("Feb. 2 or 3", "2024-02-02", "2024-02-03", "days", id="month-day-or-day"),
    case("2 or 3 February", "2024-02-02", "2024-02-03", "days", id="day-or-day-month"),
    case("on February 2 or 3 others", "2024-02-02", "2024-02-02", "day", id="or-number-no-range"),
    case(
        "28-30 January",
        "2024-01-28",
        "2024-01-29",
        "days",
        published=d("2024-01-29"),
        id="range-under-way-is-clipped",
    ),
    # Numeric dates.
    case("2024-02-03", "2024-02-03", "2024-02-03", "day", id="iso"),
    case("2024-02-03T10:00:00Z", "2024-02-03", "2024-02-03", "day", id="iso-timestamp"),
    case("28/1/2024", "2024-01-28", "2024-01-28", "day", id="slash-day-first-unambiguous"),
    case("1/28/2024", "2024-01-28", "2024-01-28", "day", id="slash-month-first-unambiguous"),
    case("2/2/2024", "2024-02-02", "2024-02-02", "day", id="slash-equal-parts"),
    # Months, clipped to publication.
    case("in January", "2024-01-01", "2024-01-31", "month", id="in-month"),
    case("January 2024", "2024-01-01", "2024-01-31", "month", id="month-year"),
    case("early January", "2024-01-01", "2024-01-31", "month", id="early-month-is-whole-month"),
    case("mid-January", "2024-01-01", "2024-01-31", "month", id="mid-month"),
    case("in December", "2023-12-01", "2023-12-31", "month", id="month-name-previous-year"),
    case("in May", "2023-05-01", "2023-05-31", "month", id="in-may"),
    case("March", "2023-03-01", "2023-03-31", "month", id="bare-march-alone"),
    case("October last year", "2023-10-01", "2023-10-31", "month", id="month-last-year"),
    case("last January", "2024-01-01", "2024-01-31", "month", id="last-month-name"),
    case("this month", "2024-02-01", "2024-02-05", "month", id="this-month-clipped"),
    case("earlier this month", "2024-02-01", "2024-02-05", "month", id="earlier-this-month"),
    case("last month", "2024-01-01", "2024-01-31", "month", id="last-month"),
    case(
        "last month",
        "2023-12-01",
        "2023-12-31",
        "month",
        published=d("2024-01-10"),
        id="last-month-across-new-year",
    ),
    case(
        "in January",
        "2024-01-01",
        "2024-01-15",
        "month",
        published=d("2024-01-15"),
        id="current-month-clipped",
    ),
    case("over the past month", "2024-01-06", "2024-02-05", "month", id="past-month"),
    # Weeks and weekends.
    case("last week", "2024-01-29", "2024-02-04", "week", id="last-week-calendar-week"),
    case(
        "last week",
        "2024-01-29",
        "2024-02-04",
        "week",
        published=d("2024-02-08"),
        id="last-week-from-thursday",
    ),
    case(
        "earlier this week",
        "2024-02-05",
        "2024-02-08",
        "week",
        published=d("2024-02-08"),
        id="earlier-this-week",
    ),
    case("this week", "2024-02-05", "2024-02-05", "week", id="this-week-on-monday"),
    case("over the past week", "2024-01-30", "2024-02-05", "week", id="past-week"),
    case("in recent days", "2024-01-30", "2024-02-05", "week", id="recent-days"),
    case("the last few days", "2024-01-30", "2024-02-05", "week", id="last-few-days"),
    case("over the past two days", "2024-02-04", "2024-02-05", "days", id="past-n-days"),
    case("in the past 24 hours", "2024-02-04", "2024-02-05", "days", id="past-24-hours"),
    case("over the past day", "2024-02-04", "2024-02-05", "days", id="past-day"),
    case("in the last day", "2024-02-04", "2024-02-05", "days", id="in-the-last-day"),
    case("48 hours ago", "2024-02-03", "2024-02-03", "day", id="hours-ago-whole-days"),
    case("36 hours ago", "2024-02-03", "2024-02-04", "days", id="hours-ago-between-days"),
    case("six hours ago", "2024-02-04", "2024-02-05", "days", id="hours-ago-may-be-the-eve"),
    case("a few days ago", "2024-01-29", "2024-02-04", "week", id="a-few-days-ago"),
    case("earlier in the week", "2024-02-05", "2024-02-05", "week", id="earlier-in-the-week"),
    case("since the start of the year", "2024-01-01", "2024-02-05", "year", id="since-year-start"),
    case("on Christmas Day", "2023-12-25", "2023-12-25", "day", id="holiday-last-year"),
    case("New Year's Eve", "2023-12-31", "2023-12-31", "day", id="new-years-eve"),
    case("on New Year's Day", "2024-01-01", "2024-01-01", "day", id="new-years-day"),
    case("on Orthodox Christmas", "2024-01-07", "2024-01-07", "day", id="orthodox-christmas"),
    case("Orthodox Christmas Eve", "2024-01-06", "2024-01-06", "day", id="orthodox-christmas-eve"),
    case("the previous evening", "2024-02-04", "2024-02-04", "day", id="previous-evening"),
    case("just over a week ago", "2024-01-26", "2024-02-01", "week", id="a-week-ago"),
    case("over the weekend", "2024-02-03", "2024-02-04", "days", id="over-the-weekend"),
    case("weekend strikes", "2024-02-03", "2024-02-04", "days", id="weekend-adjective"),
    case("last weekend", "2024-02-03", "2024-02-04", "days", id="last-weekend"),
    case(
        "last weekend",
        "2024-01-27",
        "2024-01-28",
        "days",
        published=d("2024-02-04"),
        id="last-weekend-read-on-sunday",
    ),
    case("the weekend before last", "2024-01-27", "2024-01-28", "days", id="weekend-before-last"),
    case("the weekend of January 27-28", "2024-01-27", "2024-01-28", "days", id="weekend-of-dates"),
    case("the weekend of 27 January", "2024-01-27", "2024-01-28", "days", id="weekend-of-a-date"),
    case("a weekend of fighting", "2024-02-03", "2024-02-04", "days", id="weekend-of-no-date"),
    case("the week before last", "2024-01-22", "2024-01-28", "week", id="week-before-last"),
    case(
        "this weekend",
        "2024-02-03",
        "2024-02-03",
        "day",
        published=d("2024-02-03"),
        id="weekend-read-on-saturday-is-saturday",
    ),
    # Years.
    case("in 2023", "2023-01-01", "2023-12-31", "year", id="in-year"),
    case("2023", "2023-01-01", "2023-12-31", "year", id="bare-year"),
    case("late 2023", "2023-01-01", "2023-12-31", "year", id="late-year"),
    case("in 1930", "1930-01-01", "1930-12-31", "year", id="year-that-could-be-a-clock-time"),
    case("in 2023 and 24 died", "2023-01-01", "2023-12-31", "year", id="year-and-a-count"),
    # Clock times are times of day, never years.
    case("from 0400 GMT on Saturday", "2024-02-03", "2024-02-03", "day", id="clock-gmt-and-day"),
    case("until 0600 local time on Sunday", "2024-02-04", "2024-02-04", "day", id="clock-local"),
    case("at 1930 on Friday", "2024-02-02", "2024-02-02", "day", id="clock-after-at"),
    case("since 0600 GMT", "2024-02-05", "2024-02-05", "day", id="since-a-clock-time-is-today"),
    case("since 1600h Sunday", "2024-02-04", "2024-02-05", "days", id="since-clock-and-day"),
    case("last year", "2023-01-01", "2023-12-31", "year", id="last-year"),
    case("earlier this year", "2024-01-01", "2024-02-05", "year", id="this-year-clipped"),
    # Several dates.
    case("between Friday and Sunday", "2024-02-02", "2024-02-04", "days", id="weekday-range"),
    case("Friday and Saturday", "2024-02-02", "2024-02-03", "days", id="two-weekdays"),
    case(
        "between Sunday and Tuesday",
        "2024-01-28",
        "2024-01-30",
        "days",
        published=d("2024-01-31"),
        id="range-read-in-order",
    ),
    case(
        "from January 30 to February 2", "2024-01-30", "2024-02-02", "days", id="cross-month-range"
    ),
    case(
        "from December 30 to January 2",
        "2023-12-30",
        "2024-01-02",
        "days",
        published=d("2024-01-05"),
        id="range-across-new-year",
    ),
    case("Friday, earlier this month", "2024-02-02", "2024-02-02", "day", id="finer-date-wins"),
    case("on January 28, in 2024", "2024-01-28", "2024-01-28", "day", id="day-within-year"),
    case(
        "claimed on Tuesday the attack of Sunday",
        "2024-01-30",
        "2024-02-04",
        "days",
        id="two-dates-give-their-span",
    ),
    case("in January and February", "2024-01-01", "2024-02-05", "year", id="two-months-span"),
    case(
        "between November and January",
        "2023-11-01",
        "2024-01-31",
        "year",
        published=d("2024-12-10"),
        id="month-range-read-in-order",
    ),
    case(
        "from January to March",
        "2024-01-01",
        "2024-03-31",
        "year",
        published=d("2024-05-01"),
        id="month-range-with-verb-like-march",
    ),
    case("plans to march on Friday", "2024-02-02", "2024-02-02", "day", id="march-as-verb"),
    case("in May 9 Square on Friday", "2024-02-02", "2024-02-02", "day", id="named-square-and-day"),
    case("on January 28 city officials", "2024-01-28", "2024-01-28", "day", id="lowercase-noun"),
    case("on 24/7/2023", "2023-07-24", "2023-07-24", "day", id="24-7-with-a-year-is-a-date"),
    # Without publication date: absolute expressions only.
    case("2024-02-03", "2024-02-03", "2024-02-03", "day", published=None, id="iso-undated"),
    case("Jan 28, 2024", "2024-01-28", "2024-01-28", "day", published=None, id="md-year-undated"),
    case("January 2024", "2024-01-01", "2024-01-31", "month", published=None, id="month-undated"),
    case("in 2023", "2023-01-01", "2023-12-31", "year", published=None, id="year-undated"),
    case(
        "Sunday, January 28, 2024",
        "2024-01-28",
        "2024-01-28",
        "day",
        published=None,
        id="weekday-and-full-date-undated",
    ),
    case(
        "between Friday and January 28, 2024",
        "2024-01-26",
        "2024-01-28",
        "days",
        published=None,
        id="range-anchored-on-absolute-end",
    ),
    # Clock times beside a date are times of day, even as a range ("from 0600 to 1800").
    case("on Tuesday from 0600 to 1800 GMT", "2024-01-30", "2024-01-30", "day", id="clock-range"),
    case(
        "on Tuesday from 2000 to 2200 local time",
        "2024-01-30",
        "2024-01-30",
        "day",
        id="clock-range-that-could-start-a-year",
    ),
    # The past 24 hours, however written; the small hours.
    case("over the past 24 hrs", "2024-02-04", "2024-02-05", "days", id="past-24-hrs"),
    case("in the last 24h", "2024-02-04", "2024-02-05", "days", id="last-24h"),
    case("in the past 24-hour period", "2024-02-04", "2024-02-05", "days", id="24-hour-period"),
    case("in the 24 hours to 0600 GMT", "2024-02-04", "2024-02-05", "days", id="24-hours-to"),
    case("over the past few hours", "2024-02-04", "2024-02-05", "days", id="past-few-hours"),
    # A night across a month's end; the eve of a date; abbreviated weekdays; ordinal lists.
    case("overnight Jan. 31-Feb. 1", "2024-01-31", "2024-02-01", "days", id="night-across-months"),
    case("overnight Dec. 31-Jan. 1", "2023-12-31", "2024-01-01", "days", id="night-across-years"),
    case("on the eve of Feb. 4", "2024-02-03", "2024-02-03", "day", id="eve-of-a-date"),
    case(
        "on the eve of Orthodox Christmas", "2024-01-06", "2024-01-06", "day", id="eve-of-holiday"
    ),
    case("on Tues.", "2024-01-30", "2024-01-30", "day", id="weekday-abbreviated"),
    case("on Thurs", "2024-02-01", "2024-02-01", "day", id="weekday-abbreviated-no-stop"),
    case("on the 1st, 2nd and 3rd", "2024-02-01", "2024-02-03", "days", id="ordinal-list"),
    # Weekends, the past 24 hours and nights in the other languages.
    case("le week-end dernier", "2024-02-03", "2024-02-04", "days", id="fr-last-weekend"),
    case("ce week-end", "2024-02-03", "2024-02-04", "days", id="fr-this-weekend"),
    case("au cours des dernières 24 heures", "2024-02-04", "2024-02-05", "days", id="fr-past-24h"),
    case("pendant la nuit", "2024-02-04", "2024-02-05", "days", id="fr-during-the-night"),
    case("el fin de semana pasado", "2024-02-03", "2024-02-04", "days", id="es-last-weekend"),
    case("el pasado fin de semana", "2024-02-03", "2024-02-04", "days", id="es-last-weekend-2"),
    case("en las últimas 24 horas", "2024-02-04", "2024-02-05", "days", id="es-past-24h"),
    case("durante la noche", "2024-02-04", "2024-02-05", "days", id="es-during-the-night"),
    case(
        "el último martes",
        "2024-01-30",
        "2024-01-30",
        "day",
        id="es-last-weekday",
        published=d("2024-02-06"),
    ),
    case("no último fim de semana", "2024-02-03", "2024-02-04", "days", id="pt-last-weekend"),
    case("nas últimas 24 horas", "2024-02-04", "2024-02-05", "days", id="pt-past-24h"),
    case(
        "na última terça-feira",
        "2024-01-30",
        "2024-01-30",
        "day",
        id="pt-last-weekday",
        published=d("2024-02-06"),
    ),
    case("na última semana", "2024-01-30", "2024-02-05", "week", id="pt-past-week"),
    case(
        "na madrugada desta segunda-feira",
        "2024-02-05",
        "2024-02-05",
        "day",
        id="pt-small-hours-of-a-day",
    ),
    case("am vergangenen Wochenende", "2024-02-03", "2024-02-04", "days", id="de-last-weekend"),
    case("am Wochenende", "2024-02-03", "2024-02-04", "days", id="de-weekend"),
    case("in den vergangenen 24 Stunden", "2024-02-04", "2024-02-05", "days", id="de-past-24h"),
    case("вночі проти 5 лютого", "2024-02-04", "2024-02-05", "days", id="uk-night-into-date"),
    case("вночі проти понеділка", "2024-02-04", "2024-02-05", "days", id="uk-night-into-weekday"),
    case("за минулу добу", "2024-02-04", "2024-02-05", "days", id="uk-past-day"),
    case("за останні 24 години", "2024-02-04", "2024-02-05", "days", id="uk-past-24h"),
    case("минулих вихідних", "2024-02-03", "2024-02-04", "days", id="uk-last-weekend"),
    case("у вихідні", "2024-02-03", "2024-02-04", "days", id="uk-weekend"),
    case("за последние сутки", "2024-02-04", "2024-02-05", "days", id="ru-past-day"),
    case("в минувшие выходные", "2024-02-03", "2024-02-04", "days", id="ru-last-weekend"),
    case(
        "ليلة الاثنين على الثلاثاء",
        "2024-02-05",
        "2024-02-06",
        "days",
        id="ar-night-of-a-to-b-in-words",
        published=d("2024-02-07"),
    ),
    case(
        "خلال الساعات الأربع والعشرين الماضية",
        "2024-02-04",
        "2024-02-05",
        "days",
        id="ar-past-24h-in-words",
    ),
    # Two days of one month joined by the language's "and": both days, not the last alone.
    *(
        case(text, "2024-02-01", "2024-02-02", "days", id=id)
        for text, id in (
            ("les 1er et 2 février", "fr-two-days-and"),
            ("le 1er et le 2 février", "fr-two-days-each-with-article"),
            ("los días 1 y 2 de febrero", "es-two-days-and"),
            ("entre el 1 y el 2 de febrero", "es-between-two-days"),
            ("nos dias 1 e 2 de fevereiro", "pt-two-days-and"),
            ("am 1. und 2. Februar", "de-two-days-and"),
            ("1 и 2 февраля", "ru-two-days-and"),
            ("1 та 2 лютого", "uk-two-days-and"),
        )
    ),
    case("last week's attack", *LAST_WEEK, id="last-weeks-possessive"),
    case("the past week's strikes", "2024-01-30", "2024-02-05", "week", id="past-weeks-possessive"),
]


@pytest.mark.parametrize(("expression", "published", "expected"), RESOLVED)
def test_resolves(expression: str, published: date | None, expected: tuple[date, date, str]):
    result = resolve_date(expression, published)
    assert result is not None
    assert (result.start, result.end, result.precision) == expected
    assert result.expression == expression


UNRESOLVED = [
    pytest.param("", MON, id="empty"),
    pytest.param(",", MON, id="punctuation"),
    pytest.param("   ", MON, id="whitespace"),
    pytest.param("recently", MON, id="recently"),
    pytest.param("for months", MON, id="for-months"),
    pytest.param("in recent weeks", MON, id="recent-weeks"),
    pytest.param("1039847625", MON, id="long-number"),
    pytest.param("the attack", MON, id="no-date-words"),
    pytest.param("they may strike again", MON, id="may-as-verb"),
    pytest.param("on Fridays", MON, id="recurring-weekday"),
    pytest.param("every Friday", MON, id="every-weekday"),
    pytest.param("tomorrow", MON, id="tomorrow"),
    pytest.param("next Friday", MON, id="next-weekday"),
    pytest.param("next week", MON, id="next-week"),
    pytest.param("in the coming days", MON, id="coming-days"),
    pytest.param("later this week", MON, id="later-this-week"),
    pytest.param("the following day", MON, id="following-day"),
    pytest.param("the next morning", MON, id="next-morning"),
    pytest.param("two days later", MON, id="days-later"),
    pytest.param("just a day after the US announced", MON, id="day-after-another-event"),
    pytest.param("two days before the attack", MON, id="days-before-another-event"),
    pytest.param("two months before the election", MON, id="months-before-another-event"),
    pytest.param("the weekend before the vote", MON, id="weekend-before-another-event"),
    pytest.param("a year earlier", MON, id="a-year-earlier-counts-from-the-story"),
    pytest.param("that night", MON, id="that-night"),
    pytest.param("during the night of the attack", MON, id="night-of-another-event"),
    pytest.param("during the nightly curfew", MON, id="nightly-is-no-night"),
    pytest.param("on the last day of the talks", MON, id="last-day-of-another-event"),
    pytest.param("the same day", MON, id="same-day"),
    pytest.param("1/2/2024", MON, id="ambiguous-slash-date-both-readings-past"),
    pytest.param("الأحد المقبل", MON, id="ar-next-weekday"),
    pytest.param("غداً", MON, id="ar-tomorrow"),
    pytest.param("في اليوم التالي", MON, id="ar-following-day"),
    pytest.param("بعد يومين", MON, id="ar-two-days-later"),
    pytest.param("معبر باب الهوى", MON, id="ar-bab-is-no-august"),
    pytest.param("في ذلك اليوم", MON, id="ar-that-day"),
    pytest.param("قبل ذلك بيومين", MON, id="ar-two-days-before-that"),
    pytest.param("منذ ذلك الحين", MON, id="ar-since-then"),
    pytest.param("اللواء السابع", MON, id="ar-ordinal-unit-is-no-date"),
    pytest.param("الأسبوع الأول", MON, id="ar-first-week-is-no-date"),
    pytest.param("أمس", None, id="ar-relative-undated"),
    # Words that date the future or another event refuse even a date the old rules read.
    pytest.param("le lendemain du 03.02.2024", MON, id="fr-the-day-after"),
    pytest.param("deux jours après le 03.02.2024", MON, id="fr-days-after"),
    pytest.param("ce jour-là, le 03.02.2024", MON, id="fr-that-day"),
    pytest.param("depuis le 03.02.2024 jusqu'à samedi prochain", MON, id="fr-next-weekday"),
    pytest.param("al día siguiente del 03.02.2024", MON, id="es-the-day-after"),
    pytest.param("dos días después del 03.02.2024", MON, id="es-days-after"),
    pytest.param("desde el 03.02.2024 hasta el próximo martes", MON, id="es-next-weekday"),
    pytest.param("desde el 03.02.2024 hasta mañana", MON, id="es-tomorrow"),
    pytest.param("no dia seguinte a 03.02.2024", MON, id="pt-the-day-after"),
    pytest.param("dois dias depois de 03.02.2024", MON, id="pt-days-after"),
    pytest.param("desde 03.02.2024 até a próxima terça-feira", MON, id="pt-next-weekday"),
    pytest.param("am Tag nach dem 03.02.2024", MON, id="de-the-day-after"),
    pytest.param("am nächsten Tag, dem 03.02.2024", MON, id="de-the-next-day"),
    pytest.param("zwei Tage später, am 03.02.2024", MON, id="de-days-later"),
    pytest.param("seit dem 03.02.2024 bis morgen", MON, id="de-tomorrow"),
    pytest.param("наступного дня після 03.02.2024", MON, id="uk-the-next-day"),
    pytest.param("через два дні після 03.02.2024", MON, id="uk-days-later"),
    pytest.param("з 03.02.2024 до наступного тижня", MON, id="uk-next-week"),
    pytest.param("на следующий день после 03.02.2024", MON, id="ru-the-next-day"),
    pytest.param("спустя два дня после 03.02.2024", MON, id="ru-days-later"),
    pytest.param("с 03.02.2024 до следующей недели", MON, id="ru-next-week"),
    pytest.param("since Friday", None, id="since-needs-publication"),
    pytest.param("2024-02-30", MON, id="impossible-iso-date"),
    pytest.param("February 30", MON, id="impossible-month-day"),
    pytest.param("2024-02-06", MON, id="iso-after-publication"),
    pytest.param("in 2025", MON, id="year-after-publication"),
    pytest.param("in 1445 AH", MON, id="hijri-year"),
    pytest.param("رمضان 1445", MON, id="ar-hijri-month-and-year"),
    pytest.param("عام 1445 هـ", MON, id="ar-hijri-year-marker"),
    pytest.param("March 2024", MON, id="month-after-publication"),
    pytest.param("this December", MON, id="this-later-month-is-future"),
    pytest.param("on Lunar New Year's Eve", MON, id="lunar-new-year-is-no-fixed-date"),
    pytest.param("Jewish New Year's Day", MON, id="jewish-new-year-is-no-fixed-date"),
    pytest.param("Saturday, January 28", MON, id="weekday-contradicts-date"),
    pytest.param("Sunday the 3rd", MON, id="weekday-contradicts-ordinal-day"),
    pytest.param("on 3/2", MON, id="yearless-slash-date-both-readings"),
    pytest.param("attacks 24/7", MON, id="around-the-clock-is-no-date"),
    pytest.param("24/7 attacks", MON, id="around-the-clock-first"),
    pytest.param("on 24/7 alert", MON, id="around-the-clock-after-on"),
    pytest.param("May 9 Square", MON, id="square-named-by-a-date"),
    pytest.param("6th of October City", MON, id="city-named-by-a-date"),
    pytest.param("the February 17 Revolution", MON, id="revolution-named-by-a-date"),
    pytest.param("February 5/4", MON, id="slashed-days-out-of-order"),
    pytest.param("overnight on Saturday, January 28", MON, id="overnight-date-contradicts-weekday"),
    pytest.param("the 4th brigade", MON, id="ordinal-unit-is-no-date"),
    pytest.param("the fifth such attack", MON, id="ordinal-word-is-no-date"),
    pytest.param("for the first time", MON, id="first-time-is-no-date"),
    pytest.param("the 3rd Separate Assault Brigade", MON, id="ordinal-named-unit"),
    pytest.param("the 10th Mountain Division", MON, id="ordinal-division"),
    pytest.param("the 20th Combined Arms Army", MON, id="ordinal-army"),
    pytest.param("the 12th sanctions package", MON, id="ordinal-package"),
    pytest.param("the 5th such attack", MON, id="ordinal-such"),
    pytest.param("the 20th century", MON, id="ordinal-century"),
    pytest.param("the 9th session of talks", MON, id="ordinal-session"),
    pytest.param("the 4th night of protests", MON, id="ordinal-night-of-something"),
    pytest.param("the 3rd and 4th battalions", MON, id="two-ordinal-units"),
    pytest.param("the 4th-century church", MON, id="ordinal-compound"),
    pytest.param("on the 10th of this month", MON, id="ordinal-of-this-month-is-future"),
    pytest.param("on the 32nd", MON, id="no-such-day-of-month"),
    pytest.param("the night of Saturday to Monday", MON, id="not-one-night"),
    pytest.param("from 2020 to 2023", MON, id="span-longer-than-a-year"),
    pytest.param("winter 2022-23", MON, id="season-across-two-years"),
    pytest.param("in 2022/23", MON, id="two-digit-end-year"),
    pytest.param("from 0400 GMT", MON, id="clock-time-alone-is-no-year"),
    pytest.param("yesterday", None, id="relative-undated"),
    pytest.param("Sunday", None, id="weekday-undated"),
    pytest.param("January 28", None, id="yearless-date-undated"),
    pytest.param("last night", None, id="night-undated"),
    pytest.param("in January", None, id="month-name-undated"),
    pytest.param("2024-01-28 and yesterday", None, id="partly-relative-undated"),
    pytest.param("from 0600 to 1800 GMT", MON, id="clock-range-alone"),
    pytest.param("a curfew from 1900 to 0600 hrs", MON, id="clock-range-from-a-year-like-time"),
    pytest.param("in 1500 raids", MON, id="count-is-no-year"),
    pytest.param("the 3rd, 25th and 47th brigades", MON, id="ordinal-list-of-units"),
    pytest.param("the 4th, 5th and 6th brigades", MON, id="ordinal-list-of-units-dates-alike"),
    pytest.param("on the eve of the war", MON, id="eve-of-no-date"),
]


@pytest.mark.parametrize(("expression", "published"), UNRESOLVED)
def test_refuses(expression: str, published: date | None):
    assert resolve_date(expression, published) is None


def test_unicode_dashes_and_spaces():
    result = resolve_date("28\u201330\u00a0January", MON)
    assert result is not None
    assert (result.start, result.end) == (d("2024-01-28"), d("2024-01-30"))


def test_final_guard_refuses_a_future_span(monkeypatch: pytest.MonkeyPatch):
    tomorrow = MON + timedelta(days=1)
    monkeypatch.setattr(dates, "_resolved", lambda text, published: (MON, tomorrow, "days"))
    assert resolve_date("anything", MON) is None


@pytest.mark.parametrize(
    "expression", ["January 28", "on the 4th", "2024-02-03", "yesterday", "last week", "overnight"]
)
def test_a_publication_timestamp_is_read_as_its_date(expression: str):
    stamped = resolve_date(expression, datetime(2024, 2, 5, 10, 30))
    assert stamped is not None
    assert stamped == resolve_date(expression, MON)


def test_night_of():
    assert night_of(d("2024-02-04")) == EventDate(
        start=d("2024-02-04"), end=d("2024-02-05"), precision="days"
    )


# Properties ---------------------------------------------------------------------------------

VOCABULARY = [
    *WEEKDAYS,
    *(f"{w} night" for w in WEEKDAYS),
    "january", "feb.", "march", "may", "december", "sept", "28", "3rd", "30", "2023", "2024",
    "1/2/2024", "13/1/2024", "2024-02-29", "2023-12-31", "31", "0", "99",
    "last", "this", "past", "previous", "the", "of", "on", "in", "and", "to", "-", ",", "between",
    "from", "night", "overnight", "into", "weekend", "week", "month", "year", "day", "days",
    "before", "yesterday", "today", "tonight", "ago", "earlier", "two", "a", "hours", "24",
    "recent", "few", "early", "late", "mid", "since", "morning", "'s", "next", "later",
]  # fmt: skip

date_words = st.lists(st.sampled_from(VOCABULARY), max_size=8).map(" ".join)
any_text = st.one_of(st.text(max_size=80), date_words)
any_published = st.one_of(st.none(), st.dates())


@settings(database=None, max_examples=600, deadline=None)
@given(any_text, any_published)
def test_never_raises_and_never_resolves_into_the_future(expression: str, published: date | None):
    result = resolve_date(expression, published)
    if result is not None:
        assert result.start <= result.end
        assert published is None or result.end <= published
        assert result.expression == expression


@settings(database=None, deadline=None)
@given(date_words, st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_absolute_results_do_not_depend_on_a_later_publication(expression: str, published: date):
    undated = resolve_date(expression, None)
    if undated is not None and undated.end <= published:
        assert resolve_date(expression, published) == undated


@settings(database=None, deadline=None)
@given(st.lists(st.sampled_from([w for w in VOCABULARY if not any(c.isdigit() for c in w)])))
def test_words_alone_need_a_publication_date(words: list[str]):
    assert resolve_date(" ".join(words), None) is None


@settings(database=None, deadline=None)
@given(
    st.sampled_from(WEEKDAYS), st.dates(min_value=date(1900, 1, 8), max_value=date(2100, 12, 31))
)
def test_weekday_is_within_the_week_up_to_publication(name: str, published: date):
    result = resolve_date(f"on {name.title()}", published)
    assert result is not None
    assert result.start == result.end
    assert published - timedelta(days=6) <= result.start <= published
    assert result.start.weekday() == WEEKDAYS.index(name)


@settings(database=None, deadline=None)
@given(
    st.sampled_from(WEEKDAYS), st.dates(min_value=date(1900, 1, 8), max_value=date(2100, 12, 31))
)
def test_weekday_night_ends_by_publication(name: str, published: date):
    result = resolve_date(f"{name} night", published)
    assert result is not None
    assert result.start.weekday() == WEEKDAYS.index(name)
    assert result.end == min(result.start + timedelta(days=1), published)


@settings(database=None, deadline=None)
@given(
    st.dates(min_value=date(2001, 1, 1), max_value=date(2001, 12, 31)),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
)
def test_yearless_month_day_is_the_latest_one_by_publication(day: date, published: date):
    result = resolve_date(f"{MONTHS[day.month - 1]} {day.day}", published)
    assert result is not None
    assert (result.start.month, result.start.day) == (day.month, day.day)
    # 366, not 365: a leap day can lie between the two dates.
    assert published - timedelta(days=366) < result.start <= published
