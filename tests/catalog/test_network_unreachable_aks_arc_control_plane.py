"""AKS enabled by Azure Arc's own check of the workload cluster's API server from the Arc Resource
Bridge ("Failed to either reach kube-apiserver or control plane IP %s:%d of Kubernetes cluster %s from
Arc Resource Bridge IP %v. Read aka.ms/aks-arc-kubeapiserver-unreachable for more information.",
learn.microsoft.com/azure/aks/aksarc/kube-api-server-unreachable: the logical network's control plane
IP is not routable from the management network, a firewall between them, or a duplicate IP) is
network-unreachable, as it prints it or with its values filled in."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "Failed to either reach kube-apiserver or control plane IP %s:%d of Kubernetes cluster %s from Arc"
        " Resource Bridge IP %v. Read aka.ms/aks-arc-kubeapiserver-unreachable for more information.",
        "Failed to either reach kube-apiserver or control plane IP 10.1.0.20:6443 of Kubernetes cluster"
        " aks-01 from Arc Resource Bridge IP 10.0.0.50.",
    ],
)
def test_aks_arc_control_plane_check_is_network_unreachable(text):
    assert family_of(text) == "network-unreachable"


@pytest.mark.parametrize(
    "text",
    [
        "The control plane IP 10.1.0.20 is reachable from the Arc Resource Bridge.",
        "Read aka.ms/aks-arc-kubeapiserver-unreachable before you create the cluster.",
    ],
)
def test_the_check_passing_or_its_link_alone_names_nothing(text):
    assert family_of(text) is None
