"""Assurance URLs, under /o/<org>/."""

from django.urls import path

from coproduce.assurance import views

org_urlpatterns = [
    path("assurance/", views.report, name="assurance_report"),
    path("assurance/report.csv", views.report_csv, name="assurance_report_csv"),
]
