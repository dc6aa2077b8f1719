"""The task page: every background job, its progress (updated in place by static/js/job.js), result and errors,
who started it, the schedule with each entry's last run, and a retry for what failed or was interrupted."""

from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView, View

from atf_portal.core.access import access_of

from . import runner, schedule
from .models import Job, ScheduledJob


class BusinessTeamOnly(UserPassesTestMixin):
    def test_func(self):
        return access_of(self.request.user).is_business_team


class BusinessTeamOrStarter(UserPassesTestMixin):
    """A job's own page: the business team's, and whoever started it (a Marmot lead's large stocktake import)."""

    def test_func(self):
        user = self.request.user
        return access_of(user).is_business_team or Job.objects.filter(pk=self.kwargs["pk"], started_by=user.pk).exists()


class JobListView(BusinessTeamOnly, ListView):
    template_name = "jobs/job_list.html"
    context_object_name = "jobs"
    paginate_by = 50

    def get_queryset(self):
        return Job.objects.select_related("started_by")

    def get_context_data(self, **kwargs):
        runs = {row.name: row for row in ScheduledJob.objects.select_related("last_job")}
        entries = [{"name": name, "entry": entry, "row": runs.get(name)} for name, entry in schedule.entries()]
        return super().get_context_data(schedule=entries, late=schedule.late(), **kwargs)


class JobDetailView(BusinessTeamOrStarter, DetailView):
    template_name = "jobs/job_detail.html"
    context_object_name = "job"

    def get_queryset(self):
        # A job whose worker was killed says so here even while no worker runs to notice.
        runner.mark_interrupted()
        return Job.objects.select_related("started_by", "retry_of")


class JobProgressView(BusinessTeamOrStarter, View):
    """What the task page's script polls: the job's state as JSON."""

    def get(self, request, pk):
        runner.mark_interrupted()
        return JsonResponse(get_object_or_404(Job, pk=pk).as_json())


class JobRetryView(BusinessTeamOnly, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        job = get_object_or_404(Job, pk=pk)
        if not job.can_retry:
            messages.error(request, f"{job.label} is {job.get_status_display().lower()}: only a failed or interrupted "
                                    "job can be started again.")
            return redirect("job-detail", pk=job.pk)
        try:
            again = runner.retry(job, request.user)
        except runner.Refused as refused:
            messages.error(request, str(refused))
            return redirect("job-detail", pk=job.pk)
        return redirect("job-detail", pk=again.pk)
