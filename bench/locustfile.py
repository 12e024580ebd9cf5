"""Users for bench/load.py: officers, partners and the public, on loopback only.

No think time: each simulated user sends its next request as soon as the last is answered,
so the figures measure the server's capacity, comparable with the trivial view's.
"""

import re

from locust import HttpUser, constant, task

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class SignedInUser(HttpUser):
    abstract = True
    wait_time = constant(0)
    username = password = ""

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login page")
        token = CSRF.search(page.text).group(1)
        self.client.post(
            "/accounts/login/",
            {"username": self.username, "password": self.password, "csrfmiddlewaretoken": token},
            name="sign in",
        )


class Officer(SignedInUser):
    weight = 2
    username, password = "officer", "officer-demo-2012"

    @task(3)
    def overview(self):
        self.client.get("/performance/plans/2/overview/", name="plan overview")

    @task(2)
    def completeness(self):
        self.client.get("/performance/plans/2/completeness/", name="completeness")

    @task(1)
    def home(self):
        self.client.get("/", name="home")


class Partner(SignedInUser):
    weight = 2
    username, password = "police", "police-demo-2012"

    @task(2)
    def my_actions(self):
        self.client.get("/plans/my-actions/", name="my actions")

    @task(1)
    def my_measures(self):
        self.client.get("/performance/my-measures/", name="my measures")


class Public(HttpUser):
    weight = 1
    wait_time = constant(0)

    @task
    def login_page(self):
        self.client.get("/accounts/login/", name="login page")


class Trivial(HttpUser):
    """Only for the baseline run: the cheapest view the server has."""

    wait_time = constant(0)

    @task
    def health(self):
        self.client.get("/health/", name="health")
