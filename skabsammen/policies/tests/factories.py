from datetime import date

import factory

from skabsammen.policies.models import Policy, PolicyInitiative, PolicyKind


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    title = factory.Sequence(lambda n: f"Politik nummer {n}")
    slug = factory.Sequence(lambda n: f"politik-nummer-{n}")
    kind = PolicyKind.POLICY
    adopted_on = date(2020, 6, 22)
    summary = "Borgerne skal have gode rammer for et sundt liv."
    goals = factory.LazyFunction(lambda: ["Færre er ensomme.", "Flere bevæger sig."])
    link = "https://gentofte.dk/politik"


def link(policy: Policy, initiative) -> PolicyInitiative:
    return PolicyInitiative.objects.create(policy=policy, initiative=initiative)
