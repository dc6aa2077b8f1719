"""The Marmot framework that every app hangs from: the eight themes with their recommendations, the system
recommendations, the HCP Plan's principles and headline ambitions. The bottom layer, with the areas."""

from django.db import models
from django.urls import reverse


def lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


class Theme(models.Model):
    """One of the eight Marmot themes of All Together Fairer."""

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("theme-detail", args=[self.number])

    @property
    def subject(self):
        return f"Theme {self.number}: {self.title}"


class MarmotRecommendation(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="recommendations")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()

    class Meta:
        ordering = ["theme__number", "order", "pk"]

    def __str__(self):
        return f"Theme {self.theme.number}, recommendation {self.order}"

class SystemRecommendation(models.Model):
    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"System recommendation {self.number}: {self.title}"

class Principle(models.Model):
    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    commitments = models.TextField(blank=True, help_text='The "We will" commitments, one per line.')

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return self.title

    def commitment_list(self):
        return lines(self.commitments)

class HeadlineAmbition(models.Model):
    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=100, unique=True)
    statements = models.TextField(blank=True, help_text="The ambition's statements, one per line.")

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return self.title

    def statement_list(self):
        return lines(self.statements)
